import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { tempDir, writeTemp } from './helpers/temp-files.js';

const dir = tempDir('townlet-cli-');
const tiny = writeTemp(
  dir,
  'tiny.yaml',
  'config_id: cli-tiny\nseed: 5\nrun: { ticks: 120 }\npopulation: { count: 12 }\n',
);

const SUMMARY_KEYS = [
  'kpis',
  'charter',
  'config_id',
  'seed',
  'ticks',
  'agents',
  'startup_seconds',
  'wall_seconds',
  'ticks_per_sec',
  'agent_steps_per_sec',
  'world_hash',
  'exits',
  'counts',
  'kpis',
];

describe('townlet CLI', () => {
  it('the bin is executable', () => {
    expect(statSync('bin/townlet.js').mode & 0o111).not.toBe(0);
  });

  it('run prints a summary and writes the JSON summary with the documented keys', () => {
    const out = `${dir}/summary.json`;
    const r = runCli(['run', '--config', tiny, '--summary-json', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/townlet run: cli-tiny \(seed 5\)/);
    expect(r.stdout).toMatch(/ticks {8}120 in/);
    const summary = JSON.parse(readFileSync(out, 'utf8'));
    for (const key of SUMMARY_KEYS) expect(summary).toHaveProperty(key);
    expect(summary.ticks).toBe(120);
    expect(summary.agents).toBe(12);
    expect(summary.world_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.counts).toHaveProperty('affordances_completed');
    expect(summary.counts).toHaveProperty('respawns');
    expect(summary.counts).toHaveProperty('events');
    // Hunger 0.9 at the reference's 0.01/tick: unfed agents would faint near tick 88; the scripted policy
    // feeds them (one fridge per home of four, 15 ticks a meal).
    expect(summary.counts.affordances_completed).toBeGreaterThan(0);
    expect(Object.keys(summary.counts.affordances_by_id)).toEqual([
      'eat_meal',
      'cook_meal',
      'use_shower',
      'rest_sleep',
      'work_shift',
    ]);
    const byId = Object.values(summary.counts.affordances_by_id) as number[];
    expect(byId.reduce((a, b) => a + b, 0)).toBe(summary.counts.affordances_completed);
    expect(summary.counts.invalid_actions).toBe(0); // the scripted policy only writes actions that apply
    expect(r.stdout).toMatch(/affordances {2}[\d,]+ completed \(eat_meal [\d,]+/);
    expect(summary.exits.faint).toBeLessThan(12);
    expect(summary.counts.events_by_kind.agent_exit).toBe(summary.exits.faint);
    expect(summary.counts.events_by_kind.agent_exit).toBe(summary.kpis.exits_by_reason.faint);
    // 120 ticks are less than a day: no agent-day yet, so self-sufficiency has no value and is not met.
    expect(summary.kpis.agent_days).toBe(0);
    expect(summary.charter.self_sufficiency).toEqual({ value: null, target: 0.7, met: false });
    expect(summary.kpis.lives).toBe(12 + summary.exits.faint);
    expect(r.stdout).toMatch(/charter {6}self-sufficiency n\/a \(≥ 0.7 NOT MET\)/);
    expect(summary.counts.agent_steps).toBeGreaterThan(12 * 80);
    expect(summary.agent_steps_per_sec).toBeGreaterThan(0);
    expect(r.stdout).toContain(summary.world_hash);
  });

  it('--tensors adds a tensor hash that repeats run to run; without it there is none', () => {
    const json = (name: string, ...extra: string[]) => {
      runCli(['run', '--config', tiny, '--quiet', '--ticks', '30', ...extra, '--summary-json', `${dir}/${name}.json`]);
      return JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8'));
    };
    const a = json('t1', '--tensors');
    const b = json('t2', '--tensors');
    const plain = json('t3');
    expect(a.tensor_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(b.tensor_hash).toBe(a.tensor_hash);
    expect(plain.tensor_hash).toBeUndefined();
  });

  it('the same run twice gives the same world hash; --seed changes it', () => {
    runCli(['run', '--config', tiny, '--quiet', '--summary-json', `${dir}/a.json`]);
    const h1 = JSON.parse(readFileSync(`${dir}/a.json`, 'utf8')).world_hash;
    runCli(['run', '--config', tiny, '--quiet', '--summary-json', `${dir}/b.json`]);
    runCli(['run', '--config', tiny, '--quiet', '--seed', '6', '--summary-json', `${dir}/c.json`]);
    expect(JSON.parse(readFileSync(`${dir}/b.json`, 'utf8')).world_hash).toBe(h1);
    expect(JSON.parse(readFileSync(`${dir}/c.json`, 'utf8')).world_hash).not.toBe(h1);
  });

  it('--ticks, --agents, --hash-every and --profile', () => {
    const r = runCli([
      'run',
      '--config',
      tiny,
      '--ticks',
      '30',
      '--agents',
      '40',
      '--hash-every',
      '10',
      '--profile',
    ]);
    expect(r.code).toBe(0);
    const hashLines = r.stdout.split('\n').filter((l) => l.startsWith('hash '));
    expect(hashLines.map((l) => l.split(' ')[1])).toEqual(['10', '20', '30']);
    expect(r.stdout).toMatch(/40 agents/);
    expect(r.stdout).toMatch(/profile \(per system/);
    expect(r.stdout).toMatch(/8:needs-decay/);
  });

  // util-linux `script` gives the child a terminal, the only place the bar is drawn.
  it.runIf(existsSync('/usr/bin/script'))('draws a progress bar on a terminal stderr for long runs', () => {
    const command = `node bin/townlet.js run --config ${tiny} --ticks 600 > /dev/null`;
    const r = spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/tick \d+\/600 \[/);
  });

  it('--quiet prints nothing', () => {
    const r = runCli(['run', '--config', tiny, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('every kind of bad config exits 2 naming the file, with no stack trace and no summary', () => {
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['empty.yaml', '', /expected a YAML mapping, found an empty file/],
      ['latin1.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]), /found bytes that are not UTF-8 at offset 3/],
      ['list.yaml', '- 1\n', /expected a YAML mapping at the top level, found a list of 1 item/],
      ['deep.yaml', `config_id: x\nrun: ${'['.repeat(50)}${']'.repeat(50)}\n`, /nested at most 32 levels/],
      ['null.yaml', 'config_id: x\nworld: null\n', /world: expected a mapping \(write \{\} or remove the key\), found null/],
      ['type.yaml', 'config_id: x\nseed: "no"\n', /seed: expected a value of type number, found the string "no"/],
      ['range.yaml', 'config_id: x\nworkers: { threads: 65 }\n', /workers\.threads: expected a value ≤ 64, found the integer 65/],
      ['unknown.yaml', 'config_id: x\nsed: 1\n', /sed: .*found the unknown key "sed" \(did you mean "seed"\?\)/],
    ];
    for (const [name, content, message] of cases) {
      const path = writeTemp(dir, name, content);
      for (const command of ['run', 'validate']) {
        const r = runCli([command, '--config', path]);
        expect(r.code, `${command} ${name}`).toBe(2);
        expect(r.stderr).toContain(`error: ${path}`);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stdout).toBe('');
      }
    }
    for (const missing of [`${dir}/missing.yaml`, dir]) {
      const r = runCli(['run', '--config', missing]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: .*(no such file|a directory)/);
    }
  });

  it('an output path that cannot be written exits 2 before the run, naming the option', () => {
    const blocker = writeTemp(dir, 'a-file', 'x');
    const cases: [string[], RegExp][] = [
      [['run', '--config', tiny, '--summary-json', join(dir, 'missing', 'out.json')], /^error: --summary-json: expected a file path that can be written, found .*missing\/out\.json \(ENOENT\)\n$/],
      [['run', '--config', tiny, '--summary-json', dir], /^error: --summary-json: expected a file path, found .* \(a directory\)\n$/],
      [['capture', '--config', tiny, '--out', join(blocker, 'under')], /^error: --out: expected a directory that can be written, found .*a-file\/under \(ENOTDIR\)\n$/],
      [['capture', '--config', tiny, '--out', blocker], /^error: --out: expected a directory, found .*a-file \(a file\)\n$/],
      [['capture', '--config', tiny, '--out', '/proc/townlet-nope'], /^error: --out: expected a directory that can be written/],
    ];
    for (const [args, message] of cases) {
      const r = runCli([...args, '--ticks', '3'], 20_000);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });

  it('a bad config_id or seed is reported once, in plain words', () => {
    const empty = runCli(['validate', '--config', writeTemp(dir, 'empty-id.yaml', 'config_id: ""\n')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/config_id: expected a non-empty id of letters, digits and \. _ : -, found the string ""\n$/);
    expect(empty.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    const huge = runCli(['validate', '--config', writeTemp(dir, 'huge-seed.yaml', 'config_id: x\nseed: 1e300\n')]);
    expect(huge.code).toBe(2);
    expect(huge.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/seed: expected a value ≤ 9007199254740991, found the integer 1e\+300$/),
    ]);
  });

  it('a config without run.ticks and no --ticks exits 2', () => {
    const noTicks = writeTemp(dir, 'no-ticks.yaml', 'config_id: x\npopulation: { count: 2 }\n');
    const r = runCli(['run', '--config', noTicks]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/run\.ticks: expected a tick count \(or --ticks N\), found neither/);
  });

  it('usage errors exit 2', () => {
    expect(runCli([]).code).toBe(2);
    expect(runCli(['fly']).code).toBe(2);
    expect(runCli(['run']).code).toBe(2);
    expect(runCli(['run', '--config', tiny, '--ticks', 'ten']).code).toBe(2);
    expect(runCli(['run', '--config', tiny, '--ticks', '0']).code).toBe(2);
    expect(runCli(['run', '--config', tiny, '--bogus']).code).toBe(2);
    expect(runCli(['run', '--config', tiny, '--ticks', '5', '--tick-limit', '6']).code).toBe(2);
    expect(runCli(['--help']).code).toBe(0);
  });

  it('validate prints OK for the shipped configs', () => {
    const r = runCli(['validate', '--config', 'configs/town.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK configs\/town\.yaml: config_id town-v1, 10000 agent slots/);
  });

  it('validate loads the manifest the config names and reports its problems', () => {
    writeTemp(
      dir,
      'broken-manifest.yaml',
      '- id: nap\n  object_type: bed\n  duration: 10\n  effects: { energy: 0.5 }\n  preconds: "__proto__ == 1"\n',
    );
    const cfg = writeTemp(
      dir,
      'with-manifest.yaml',
      'config_id: m\naffordances: { manifest: broken-manifest.yaml }\n',
    );
    const r = runCli(['validate', '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken-manifest\.yaml: \[0\] \(nap\)\.preconds/);
    const ok = runCli(['validate', '--config', 'configs/town.yaml']);
    expect(ok.stdout).toMatch(
      /manifest .*configs\/affordances\/core\.yaml \(\d+ affordances, \d+ preconditions, sha256 [0-9a-f]{12}…\)/,
    );
  });

  it('validate reports a scenario agent standing on an object', () => {
    const scene = writeTemp(
      dir,
      'scene.yaml',
      [
        'config_id: scene',
        'world: { grid: { width: 10, height: 10 }, layout: { kind: empty } }',
        'population: { count: 0 }',
        'scenario:',
        '  objects: [{ id: f1, type: fridge, position: [4, 4] }]',
        '  agents: [{ id: ann, position: [4, 4] }, { id: bob, position: [0, 0] }]',
      ].join('\n'),
    );
    const r = runCli(['validate', '--config', scene]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scenario\.agents\[0\]\.position: expected a walkable tile .*found \[4, 4\]/);
    expect(r.stderr).toMatch(/scenario\.agents\[1\]\.position: .*found \[0, 0\]/);
  });
});
