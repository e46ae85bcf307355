import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig, requireObservationVariant } from '../src/config/load-config.js';
import { InputError } from '../src/core/errors.js';
import { tempDir, writeTemp } from './helpers/temp-files.js';

const dir = tempDir();

/** The InputError message a bad file produces (fails the test if it loads). */
function errorOf(content: string | Uint8Array, name = 'bad.yaml'): string {
  const path = writeTemp(dir, name, content);
  try {
    loadConfigFile(path);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(path);
    return (err as Error).message;
  }
  throw new Error(`${name} loaded without error`);
}

describe('config: valid input', () => {
  it('fills every default from the schema', () => {
    const c = parseConfig({ config_id: 'x' });
    expect(c.ticks_per_day).toBe(1440);
    expect(c.seed).toBe(0);
    expect(c.rewards.decay_rates).toEqual({ hunger: 0.01, hygiene: 0.005, energy: 0.008 });
    expect(c.queue_fairness).toEqual({ cooldown_ticks: 60, ghost_step_after: 3, age_priority_weight: 0.1 });
    expect(c.lifecycle.respawn_delay_ticks).toEqual([5, 20]);
    expect(c.lifecycle.exit_cooldown_ticks).toBe(120);
    expect(c.lifecycle.max_respawns_per_slot_per_day).toBe(2);
    expect(c.jobs['grocer']).toMatchObject({ start_tick: 180, end_tick: 360, wage_rate: 0.02 });
    expect(c.features.systems.observations).toBe('hybrid');
    expect(c.workers.threads).toBe(0);
    expect(c.run.ticks).toBeUndefined();
  });

  it('loads the shipped default town', () => {
    const { config, baseDir } = loadConfigFile('configs/town.yaml');
    expect(config.config_id).toBe('town-v1');
    expect(config.population.count).toBe(10_000);
    expect(config.run.ticks).toBeGreaterThan(0);
    expect(baseDir.endsWith('configs')).toBe(true);
  });

  it('applies --agents and --seed overrides before validation', () => {
    const path = writeTemp(dir, 'cap.yaml', 'config_id: cap\npopulation: { count: 5, capacity: 6 }\n');
    const { config } = loadConfigFile(path, { agents: 50, seed: 9 });
    expect(config.population.count).toBe(50);
    expect(config.population.capacity).toBeUndefined();
    expect(config.seed).toBe(9);
  });

  it('guards the observation variant', () => {
    const c = parseConfig({ config_id: 'x', features: { systems: { observations: 'compact' } } });
    expect(() => requireObservationVariant(c, 'compact')).not.toThrow();
    expect(() => requireObservationVariant(c, 'hybrid')).toThrow(
      /expected the variant "hybrid", found "compact"/,
    );
  });
});

describe('config: bad files', () => {
  it('missing file', () => {
    expect(() => loadConfigFile(`${dir}/nope.yaml`)).toThrow(
      /nope\.yaml: expected an existing file, found no such file/,
    );
  });

  it('a directory', () => {
    expect(() => loadConfigFile(dir)).toThrow(/expected a file, found a directory/);
  });

  it('an empty file, and one with only whitespace', () => {
    expect(errorOf('', 'empty.yaml')).toMatch(/expected a YAML mapping, found an empty file/);
    expect(errorOf('  \n\n', 'blank.yaml')).toMatch(/found an empty file/);
  });

  it('non-UTF-8 bytes, with the offset of the first bad byte', () => {
    const bytes = new Uint8Array([...Buffer.from('config_id: x\n# caf'), 0xe9, 0x0a]);
    expect(errorOf(bytes, 'latin1.yaml')).toMatch(
      /expected UTF-8 text, found bytes that are not UTF-8 at offset 18/,
    );
  });

  it('YAML that is not a mapping', () => {
    expect(errorOf('- a\n- b\n', 'list.yaml')).toMatch(
      /expected a YAML mapping at the top level, found a list of 2 items/,
    );
    expect(errorOf('just a string\n', 'scalar.yaml')).toMatch(/found the string "just a string"/);
  });

  it('YAML syntax errors name the line', () => {
    expect(errorOf('config_id: x\nrun: [1, 2\n', 'syntax.yaml')).toMatch(
      /syntax\.yaml:\d+:\d+: expected valid YAML/,
    );
  });

  it('duplicate keys', () => {
    expect(errorOf('config_id: x\nseed: 1\nseed: 2\n', 'dup.yaml')).toMatch(
      /expected valid YAML, found .*unique/i,
    );
  });

  it('absurdly nested YAML', () => {
    const deep = `config_id: x\nscenario: ${'['.repeat(40)}${']'.repeat(40)}\n`;
    expect(errorOf(deep, 'deep.yaml')).toMatch(
      /expected YAML nested at most 32 levels, found deeper nesting/,
    );
    const veryDeep = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expect(errorOf(veryDeep, 'very-deep.yaml')).toMatch(/nested at most 32 levels|expected valid YAML/);
  });
});

describe('config: bad values', () => {
  it('a section set to null', () => {
    expect(errorOf('config_id: x\nrewards: null\n')).toMatch(
      /bad\.yaml: rewards: expected a mapping \(write \{\} or remove the key\), found null/,
    );
  });

  it('a wrong type', () => {
    expect(errorOf('config_id: x\nseed: "forty"\n')).toMatch(
      /bad\.yaml: seed: expected a value of type number, found the string "forty"/,
    );
    expect(errorOf('config_id: x\npopulation: { count: 2.5 }\n')).toMatch(
      /population\.count: expected a value of type integer, found the number 2\.5/,
    );
  });

  it('a value out of range', () => {
    expect(errorOf('config_id: x\nrewards: { decay_rates: { hunger: 1.5 } }\n')).toMatch(
      /rewards\.decay_rates\.hunger: expected a value ≤ 1, found the number 1\.5/,
    );
    expect(errorOf('config_id: x\nticks_per_day: 0\n')).toMatch(
      /ticks_per_day: expected a value ≥ 1, found the integer 0/,
    );
  });

  it('a missing required key', () => {
    expect(errorOf('seed: 1\n')).toMatch(
      /bad\.yaml: config_id: expected a value of type string, found nothing \(the key is missing\)/,
    );
  });

  it('an unknown key, with a did-you-mean', () => {
    const msg = errorOf(
      'config_id: x\npopulaton: { count: 3 }\nworld: { layout: { residents_per_hom: 2 } }\n',
    );
    expect(msg).toMatch(
      /bad\.yaml: populaton: expected one of the keys .*population.*found the unknown key "populaton" \(did you mean "population"\?\)/,
    );
    expect(msg).toMatch(/world\.layout\.residents_per_hom: .*\(did you mean "residents_per_home"\?\)/);
  });

  it('an unknown key far from any known one has no guess', () => {
    expect(errorOf('config_id: x\nzzzzzzzz: 1\n')).not.toMatch(/did you mean/);
  });

  it('reports every problem, not only the first', () => {
    const msg = errorOf('config_id: x\nseed: -1\nticks_per_day: 0\nworkers: { threads: 100 }\n');
    expect(msg.split('\n')).toHaveLength(3);
  });

  it('an enum value outside its choices', () => {
    expect(errorOf('config_id: x\nfeatures: { systems: { observations: partial } }\n')).toMatch(
      /features\.systems\.observations: expected one of "hybrid", "full", "compact", found the string "partial"/,
    );
  });

  it('cross-section rules', () => {
    expect(errorOf('config_id: x\njobs: { cook: { start_tick: 10, end_tick: 5 } }\n')).toMatch(
      /jobs\.cook\.end_tick: expected end_tick ≥ start_tick/,
    );
    expect(errorOf('config_id: x\njobs: { cook: { start_tick: 2000, end_tick: 2100 } }\n')).toMatch(
      /jobs\.cook\.start_tick: expected a tick of the day \(< ticks_per_day 1440\), found 2000/,
    );
    expect(errorOf('config_id: x\npopulation: { count: 10, capacity: 5 }\n')).toMatch(
      /population\.capacity: expected at least count \+ scenario agents = 10, found 5/,
    );
    expect(errorOf('config_id: x\nworld: { grid: { width: 20 } }\n')).toMatch(
      /world\.grid: expected both width and height/,
    );
    expect(errorOf('config_id: x\nconflict: { rivalry: { min_value: 0.2, max_value: 0.5 } }\n')).toMatch(
      /conflict\.rivalry\.avoid_threshold: expected a value within \[min_value 0\.2, max_value 0\.5\], found the number|avoid_threshold: expected a value within \[min_value 0\.2, max_value 0\.5\], found its default value/,
    );
    expect(
      errorOf('config_id: x\nscenario: { agents: [{ id: ann, position: [1, 1], job: pilot }] }\n'),
    ).toMatch(/scenario\.agents\[0\]\.job: expected a job id from jobs \(grocer, barista\), found "pilot"/);
  });

  it('a bad perturbation names the key inside its kind', () => {
    expect(
      errorOf('config_id: x\nperturbations: { events: { storm: { kind: blackout, magnitude: [1, 2] } } }\n'),
    ).toMatch(
      /perturbations\.events\.storm\.magnitude: expected one of the keys kind, prob_per_day, cooldown_ticks, duration/,
    );
  });
});
