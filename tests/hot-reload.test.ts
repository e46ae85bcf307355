import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ManifestReload } from '../src/affordances/manifest-reload.js';
import { loadConfigFile } from '../src/config/load-config.js';
import { InputError } from '../src/core/errors.js';
import { EventKind } from '../src/core/event-kinds.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { scene } from './helpers/scene.js';
import { tempDir } from './helpers/temp-files.js';

const CORE_TEXT = readFileSync('configs/affordances/core.yaml', 'utf8');
const CORE_EAT_EFFECTS = 'effects: { hunger: 0.4, energy: 0.05 }';
const CORE_EAT_DURATION = 'duration: 15';
/** Action id of "use eat_meal": USE_BASE (7) + its index (0) in core.yaml. */
const EAT = 7;
const NOOP = 0;

const dir = tempDir('townlet-hot-reload-');
let fileCounter = 0;
// Every write gets its own modification time, so the watcher's stamp changes even when the file system clock is
// coarser than two writes (the watcher compares mtime in ns, size and inode; inodes may be reused).
let mtimeSeconds = 1_600_000_000;

/** Replaces `path` atomically with `content` (write a temp file, give it a fresh mtime, rename it over). */
function replaceFile(path: string, content: string | Uint8Array): void {
  const next = join(dir, `.next-${++fileCounter}`);
  writeFileSync(next, content);
  mtimeSeconds += 10;
  utimesSync(next, mtimeSeconds, mtimeSeconds);
  renameSync(next, path);
}

/** Gives `path` a new modification time without changing its bytes. */
function touch(path: string): void {
  mtimeSeconds += 10;
  utimesSync(path, mtimeSeconds, mtimeSeconds);
}

/** A fresh manifest file holding `content` (default: the bytes of core.yaml). */
function manifestFile(content: string = CORE_TEXT): string {
  const path = join(dir, `manifest-${++fileCounter}.yaml`);
  replaceFile(path, content);
  return path;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** core.yaml with one literal piece replaced (the piece must occur). */
function coreWith(from: string, to: string): string {
  expect(CORE_TEXT).toContain(from);
  return CORE_TEXT.replace(from, to);
}

/** core.yaml with eat_meal's hunger effect set to `hunger` (and optionally its duration). */
function coreEat(hunger: number, duration = 15): string {
  return coreWith(CORE_EAT_EFFECTS, `effects: { hunger: ${hunger}, energy: 0.05 }`).replace(
    CORE_EAT_DURATION,
    `duration: ${duration}`,
  );
}

interface Harness {
  shard: Shard;
  path: string;
  reloads: ManifestReload[];
}

/**
 * An 8×6 room: a fridge with meals at (3, 2) and alice next to it at (2, 2), hungry (0.2), with money. Needs do not
 * decay and the queue cooldown is off, so alice can eat again and again and only the meal's effect moves hunger.
 */
type AffordanceOptions = { hot_reload?: boolean; reload_poll_ms?: number };

function harness(path = manifestFile(), affordances: AffordanceOptions = {}): Harness {
  const reloads: ManifestReload[] = [];
  const config = scene({
    width: 8,
    height: 6,
    objects: [{ id: 'fridge_1', type: 'fridge', position: [3, 2], stock: { meals: 20 } }],
    agents: [{ id: 'alice', position: [2, 2], needs: { hunger: 0.2, energy: 0.5 }, wallet: 10 }],
    over: {
      queue_fairness: { cooldown_ticks: 0 },
      // Polls the file every tick: the tests decide when a change lands, not the wall clock.
      affordances: { manifest: path, reload_poll_ms: 0, ...affordances },
    },
  });
  const shard = createShard(config, { policy: 'external', onManifestReload: (r) => reloads.push(r) });
  return { shard, path, reloads };
}

const ALICE = 1;

function hunger(shard: Shard): number {
  return shard.state.needs.hunger[ALICE]!;
}

/**
 * Alice eats one meal: use eat_meal until it finishes, then noop. Returns the ticks it took (start to finish)
 * and the hunger gained. Fails the test if the meal does not finish within 200 ticks.
 */
function eat(shard: Shard): { ticks: number; gained: number } {
  const before = hunger(shard);
  shard.actions[ALICE - 1] = EAT;
  for (let ticks = 1; ticks <= 200; ticks++) {
    shard.step();
    if (shard.events.count(EventKind.affordance_finish) > 0) {
      shard.actions[ALICE - 1] = NOOP;
      return { ticks, gained: hunger(shard) - before };
    }
  }
  throw new Error('alice did not finish eating within 200 ticks');
}

/** Kinds of the manifest events written in the last tick. */
function manifestEvents(shard: Shard): string[] {
  return shard
    .eventRecords()
    .filter((e) => e.kind === 'manifest_reloaded')
    .map((e) => `${e.kind}@${e.tick}`);
}

describe('hot reload of a good manifest', () => {
  it('applies a changed file at the next tick boundary: event, checksum, hash and the new effect', () => {
    const a = harness();
    const twin = harness();
    const original = a.shard.state.manifest.current.checksum;
    expect(original).toBe(sha256(CORE_TEXT));
    a.shard.step();
    twin.shard.step();
    expect(a.shard.hash()).toBe(twin.shard.hash());
    expect(a.reloads).toEqual([]);

    const text = coreEat(0.1, 5);
    replaceFile(a.path, text);
    // Nothing happens between ticks: the file is polled at the start of the next step.
    expect(a.shard.state.manifest.current.checksum).toBe(original);
    a.shard.step();
    twin.shard.step();

    expect(manifestEvents(a.shard)).toEqual(['manifest_reloaded@2']);
    expect(a.shard.eventRecords().find((e) => e.kind === 'manifest_reloaded')).toMatchObject({
      agent: null,
      object: null,
    });
    expect(a.shard.counters().events_by_kind.manifest_reloaded).toBe(1);
    expect(a.reloads).toHaveLength(1);
    expect(a.reloads[0]).toMatchObject({ status: 'applied', path: a.path, checksum: sha256(text) });
    expect(a.reloads[0]!.issues).toBeUndefined();
    expect(a.reloads[0]!.message).toContain(a.path);
    expect(a.shard.state.manifest.current.checksum).toBe(sha256(text));
    expect(a.shard.state.manifest.current.affordances[0]!.effects.hunger).toBe(0.1);
    expect(a.shard.hash()).not.toBe(twin.shard.hash());
    expect(manifestEvents(twin.shard)).toEqual([]);

    // The next tick does not reload again.
    a.shard.step();
    twin.shard.step();
    expect(manifestEvents(a.shard)).toEqual([]);
    expect(a.reloads).toHaveLength(1);

    const meal = eat(a.shard);
    expect(meal.gained).toBeCloseTo(0.1, 6);
    expect(meal.ticks).toBe(5);
    const oldMeal = eat(twin.shard);
    expect(oldMeal.gained).toBeCloseTo(0.4, 6);
    expect(oldMeal.ticks).toBe(15);
  });

  it('shows the reload in the hash sequence only from the tick it happened', () => {
    const a = harness();
    const twin = harness();
    const seqA: string[] = [];
    const seqTwin: string[] = [];
    for (let t = 1; t <= 6; t++) {
      if (t === 4) replaceFile(a.path, coreEat(0.3));
      a.shard.step();
      twin.shard.step();
      seqA.push(a.shard.hash());
      seqTwin.push(twin.shard.hash());
    }
    expect(seqA.slice(0, 3)).toEqual(seqTwin.slice(0, 3));
    for (let i = 3; i < 6; i++) expect(seqA[i]).not.toBe(seqTwin[i]);
    expect(a.reloads.map((r) => r.status)).toEqual(['applied']);
  });

  it('a meal running across the reload ends at its planned tick with the new effect', () => {
    // The duration was fixed when the meal started; the effect is read from the table in force at completion.
    const a = harness();
    a.shard.actions[ALICE - 1] = EAT;
    a.shard.run(5); // started at tick 1, due to finish at tick 15
    expect(a.shard.state.activity.affordance[ALICE]).toBe(0);
    replaceFile(a.path, coreEat(0.1, 3));
    a.shard.step();
    expect(a.reloads.map((r) => r.status)).toEqual(['applied']);
    a.shard.run(8);
    expect(a.shard.tick).toBe(14);
    expect(a.shard.state.activity.affordance[ALICE]).toBe(0);
    a.shard.step();
    expect(a.shard.events.count(EventKind.affordance_finish)).toBe(1);
    expect(hunger(a.shard)).toBeCloseTo(0.3, 6);
  });

  it('keeps applying later good changes, each once', () => {
    const a = harness();
    for (const value of [0.1, 0.25, 0.05]) {
      const text = coreEat(value);
      replaceFile(a.path, text);
      a.shard.step();
      expect(manifestEvents(a.shard)).toEqual([`manifest_reloaded@${a.shard.tick}`]);
      expect(a.shard.state.manifest.current.checksum).toBe(sha256(text));
      expect(eat(a.shard).gained).toBeCloseTo(value, 6);
    }
    expect(a.reloads.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  });

  it('accepts changed preconditions and applies them to the next attempt', () => {
    const a = harness();
    // alice has 10 money: a meal that needs more than 100 can no longer start.
    replaceFile(a.path, coreWith('- wallet >= price', '- wallet >= 100'));
    a.shard.step();
    expect(a.reloads.map((r) => r.status)).toEqual(['applied']);
    a.shard.actions[ALICE - 1] = EAT;
    a.shard.step();
    expect(a.shard.events.count(EventKind.affordance_fail)).toBe(1);
    expect(a.shard.events.count(EventKind.affordance_start)).toBe(0);
    expect(hunger(a.shard)).toBeCloseTo(0.2, 6);
  });
});

type BadCase = [what: string, text: string | null, where: (path: string) => string, detail: string];

const BAD_FILES: BadCase[] = [
  ['a YAML syntax error', `${CORE_TEXT}\n- id: [unclosed\n`, (p) => `${p}:`, 'valid YAML'],
  [
    'an unknown hook',
    coreWith('before: on_attempt_eat #', 'before: on_attempt_eats #'),
    (p) => `${p}: [0] (eat_meal).hooks.before`,
    'did you mean "on_attempt_eat"?',
  ],
  [
    'a precondition with a call',
    coreWith('- meal_available == true', '- len(x) > 0'),
    (p) => `${p}: [0] (eat_meal).preconds[0]`,
    'no function calls',
  ],
  [
    'a precondition reaching for __proto__',
    coreWith('- meal_available == true', '- __proto__.polluted == 1'),
    (p) => `${p}: [0] (eat_meal).preconds[0]`,
    'the forbidden name "__proto__"',
  ],
  [
    'a precondition reaching for constructor',
    coreWith('- occupied == false\n    - wallet >= price', '- occupied == false\n    - wallet.constructor == 1'),
    (p) => `${p}: [0] (eat_meal).preconds[2]`,
    'the forbidden name "constructor"',
  ],
  [
    'an unknown engine name',
    coreWith('- meal_available == true', '- needs.hungr > 0.1'),
    (p) => `${p}: affordance eat_meal.preconds[0]`,
    'the unknown name "needs.hungr" at column 1 of "needs.hungr > 0.1" (did you mean "needs.hunger"?)',
  ],
  [
    'a need effect out of range',
    coreWith(CORE_EAT_EFFECTS, 'effects: { hunger: 4, energy: 0.05 }'),
    (p) => `${p}: [0] (eat_meal).effects.hunger`,
    '≤ 1',
  ],
  [
    'a changed affordance order',
    swapFirstTwo(CORE_TEXT),
    (p) => `${p}: affordances`,
    'cook_meal@stove, eat_meal@fridge',
  ],
  [
    'a removed affordance',
    CORE_TEXT.slice(0, CORE_TEXT.indexOf('- id: work_shift')),
    (p) => `${p}: affordances`,
    'restart the shard to change the list',
  ],
  [
    'an added affordance',
    `${CORE_TEXT}\n- id: snack\n  object_type: fridge\n  duration: 2\n  effects: { hunger: 0.9 }\n`,
    (p) => `${p}: affordances`,
    'snack@fridge',
  ],
  [
    'a changed exclusivity',
    coreWith('  object_type: fridge\n', '  object_type: fridge\n  exclusive: false\n'),
    (p) => `${p}: affordances`,
    'eat_meal@fridge (shared)',
  ],
  [
    'a placed object',
    `${CORE_TEXT}\n- type: object\n  id: fridge_2\n  object_type: fridge\n  position: [5, 3]\n`,
    (p) => `${p}: objects`,
    'fridge_2@fridge[5,3]',
  ],
  ['an empty file', '', (p) => p, 'an empty file'],
  ['a deleted file', null, (p) => p, 'no such file'],
];

/** A YAML list whose aliases expand to 10^7 items (the yaml library refuses it past 64 alias expansions). */
const ALIAS_BOMB = ['- &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]']
  .concat(['b', 'c', 'd', 'e', 'f', 'g'].map((n, i) => `- &${n} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`))
  .join('\n');

/** core.yaml with its first two affordances (eat_meal, cook_meal) swapped. */
function swapFirstTwo(text: string): string {
  const eatAt = text.indexOf('- id: eat_meal');
  const cookAt = text.indexOf('- id: cook_meal');
  const showerAt = text.indexOf('- id: use_shower');
  const eatEntry = text.slice(eatAt, cookAt);
  const cookEntry = text.slice(cookAt, showerAt);
  return text.slice(0, eatAt) + cookEntry + eatEntry + text.slice(showerAt);
}

/** SHA-256 of each registered state entry (what the world hash covers), by name. */
function entryHashes(shard: Shard): Map<string, string> {
  const out = new Map<string, string>();
  shard.state.registry.forEach((name, array, block) => {
    const h = createHash('sha256');
    if (array) h.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    else block?.hashInto((bytes) => h.update(bytes));
    out.set(name, h.digest('hex'));
  });
  return out;
}

describe('hot reload of a bad manifest', () => {
  it.each(BAD_FILES)('rejects %s: old rules stay in force until a good file comes', (_what, text, where, detail) => {
    const a = harness();
    const original = a.shard.state.manifest.current.checksum;
    a.shard.run(2);

    if (text === null) rmSync(a.path);
    else replaceFile(a.path, text);
    a.shard.step();

    expect(manifestEvents(a.shard)).toEqual([]); // a rejection writes no event: it changes nothing
    expect(a.reloads).toHaveLength(1);
    const reload = a.reloads[0]!;
    expect(reload.status).toBe('rejected');
    expect(reload.path).toBe(a.path);
    expect(reload.checksum).toBe(original);
    expect(reload.issues!.length).toBeGreaterThan(0);
    const issue = reload.issues!.find((i) => i.where.startsWith(where(a.path)));
    expect(issue, `an issue at ${where(a.path)} in ${JSON.stringify(reload.issues)}`).toBeDefined();
    expect(reload.message).toContain(detail);
    expect(reload.message).toContain(original.slice(0, 12));
    expect(a.shard.state.manifest.current.checksum).toBe(original);
    expect(a.shard.actionCount).toBe(12);

    // Behaviour is unchanged: the old meal (0.4 hunger in 15 ticks) still applies.
    const meal = eat(a.shard);
    expect(meal.gained).toBeCloseTo(0.4, 6);
    expect(meal.ticks).toBe(15);
    expect(a.reloads).toHaveLength(1); // the bad file is not tried again while it stays as it is

    // A good file afterwards is applied.
    const good = coreEat(0.15);
    replaceFile(a.path, good);
    a.shard.step();
    expect(manifestEvents(a.shard)).toEqual([`manifest_reloaded@${a.shard.tick}`]);
    expect(a.reloads.map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(a.shard.state.manifest.current.checksum).toBe(sha256(good));
    expect(eat(a.shard).gained).toBeCloseTo(0.15, 6);
  });

  // Any file-system refusal (here ELOOP: the path became a symlink loop) is the file's fault: rejected.
  it('rejects a manifest path that became a symlink loop instead of throwing from step()', () => {
    const a = harness();
    a.shard.step();
    rmSync(a.path);
    symlinkSync(a.path, a.path);
    expect(() => a.shard.step()).not.toThrow();
    expect(a.reloads.map((r) => r.status)).toEqual(['rejected']);
    expect(a.shard.state.manifest.current.checksum).toBe(sha256(CORE_TEXT));
  });

  // The yaml library refuses an alias bomb (more than 64 alias expansions) with a ReferenceError.
  it('rejects a YAML alias bomb instead of throwing from step()', () => {
    const a = harness();
    a.shard.step();
    replaceFile(a.path, ALIAS_BOMB);
    expect(() => a.shard.step()).not.toThrow();
    expect(a.reloads.map((r) => r.status)).toEqual(['rejected']);
    expect(a.reloads[0]!.issues![0]!.where).toContain(a.path);
  });

  it('names the file and the entry in every issue of a file with several problems', () => {
    const a = harness();
    const text = coreWith('before: on_attempt_eat #', 'before: run_shell #').replace(
      '- stock.ingredients > 0',
      '- stock.ingredients.__proto__ > 0',
    );
    replaceFile(a.path, text);
    a.shard.step();
    const wheres = a.reloads[0]!.issues!.map((i) => i.where);
    expect(wheres).toEqual([`${a.path}: [0] (eat_meal).hooks.before`, `${a.path}: [1] (cook_meal).preconds[1]`]);
    expect(a.reloads[0]!.message).toContain('the unknown hook "run_shell"');
  });

  it('keeps every registered entry equal to that of a twin that never saw the bad file', () => {
    const a = harness();
    const twin = harness();
    a.shard.run(2);
    twin.shard.run(2);
    replaceFile(a.path, coreWith('- meal_available == true', '- needs.hungr > 0.1'));
    a.shard.actions[ALICE - 1] = EAT;
    twin.shard.actions[ALICE - 1] = EAT;
    for (let t = 0; t < 20; t++) {
      a.shard.step();
      twin.shard.step();
      expect(entryHashes(a.shard)).toEqual(entryHashes(twin.shard));
    }
    expect(hunger(a.shard)).toBeCloseTo(0.6, 6);
  });

  it('a rejected file leaves the world hash sequence equal to that of a twin that never saw it', () => {
    const a = harness();
    const twin = harness();
    const seqA: string[] = [];
    const seqTwin: string[] = [];
    a.shard.actions[ALICE - 1] = EAT;
    twin.shard.actions[ALICE - 1] = EAT;
    for (let t = 1; t <= 20; t++) {
      if (t === 3) replaceFile(a.path, coreWith('- meal_available == true', '- len(x) > 0'));
      a.shard.step();
      twin.shard.step();
      seqA.push(a.shard.hash());
      seqTwin.push(twin.shard.hash());
    }
    expect(a.reloads.map((r) => r.status)).toEqual(['rejected']);
    expect(seqA).toEqual(seqTwin);
  });
});

describe('unchanged files, hot_reload off and reloading on demand', () => {
  it('reports the same bytes written again as unchanged, with no event and no change of hash', () => {
    const a = harness();
    const twin = harness();
    a.shard.step();
    twin.shard.step();
    touch(a.path);
    a.shard.step();
    twin.shard.step();
    expect(a.reloads).toHaveLength(1);
    expect(a.reloads[0]).toMatchObject({ status: 'unchanged', path: a.path, checksum: sha256(CORE_TEXT) });
    expect(a.reloads[0]!.issues).toBeUndefined();
    expect(manifestEvents(a.shard)).toEqual([]);
    expect(a.shard.hash()).toBe(twin.shard.hash());

    // Same bytes through an atomic replace (new inode): still unchanged.
    replaceFile(a.path, CORE_TEXT);
    a.shard.step();
    twin.shard.step();
    expect(a.reloads.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect(manifestEvents(a.shard)).toEqual([]);
    expect(a.shard.hash()).toBe(twin.shard.hash());
  });

  it('a file that comes back with the old bytes after a rejection is unchanged', () => {
    const a = harness();
    rmSync(a.path);
    a.shard.step();
    a.shard.step();
    replaceFile(a.path, CORE_TEXT);
    a.shard.step();
    expect(a.reloads.map((r) => r.status)).toEqual(['rejected', 'unchanged']);
    expect(manifestEvents(a.shard)).toEqual([]);
  });

  it('never re-reads the file during steps with affordances.hot_reload: false', () => {
    const a = harness(manifestFile(), { hot_reload: false });
    const twin = harness(manifestFile(), { hot_reload: false });
    expect(a.shard.config.affordances.hot_reload).toBe(false);
    a.shard.step();
    twin.shard.step();
    replaceFile(a.path, coreEat(0.1));
    a.shard.run(3);
    twin.shard.run(3);
    rmSync(a.path); // a file the shard tried to read would now be rejected
    a.shard.run(3);
    twin.shard.run(3);
    expect(a.reloads).toEqual([]);
    expect(a.shard.counters().events_by_kind.manifest_reloaded).toBe(0);
    expect(a.shard.state.manifest.current.checksum).toBe(sha256(CORE_TEXT));
    expect(a.shard.hash()).toBe(twin.shard.hash());
    expect(eat(a.shard).gained).toBeCloseTo(0.4, 6);

    // On demand it still works.
    const text = coreEat(0.1);
    replaceFile(a.path, text);
    const reload = a.shard.reloadManifest();
    expect(reload).toMatchObject({ status: 'applied', path: a.path, checksum: sha256(text) });
    expect(a.reloads).toEqual([reload]);
    expect(eat(a.shard).gained).toBeCloseTo(0.1, 6);
  });

  it('checks the file no more often than affordances.reload_poll_ms of wall time', () => {
    // An hour between checks: none of these steps looks at the file, whatever it holds.
    const a = harness(manifestFile(), { reload_poll_ms: 3_600_000 });
    expect(a.shard.config.affordances.reload_poll_ms).toBe(3_600_000);
    replaceFile(a.path, coreEat(0.1));
    a.shard.run(3);
    rmSync(a.path);
    a.shard.run(3);
    expect(a.reloads).toEqual([]);
    expect(a.shard.state.manifest.current.checksum).toBe(sha256(CORE_TEXT));
    replaceFile(a.path, coreEat(0.1));
    expect(a.shard.reloadManifest().status).toBe('applied');
  });

  it('reloadManifest() reloads now and returns what it did, whatever the file stamp says', () => {
    const a = harness();
    a.shard.step();
    const first = a.shard.reloadManifest();
    expect(first).toMatchObject({ status: 'unchanged', checksum: sha256(CORE_TEXT) });
    expect(first.message).toBe(`manifest unchanged: ${a.path}`);

    const bad = coreWith('before: on_attempt_eat #', 'before: on_attempt_eats #');
    replaceFile(a.path, bad);
    const rejected = a.shard.reloadManifest();
    expect(rejected.status).toBe('rejected');
    expect(rejected.checksum).toBe(sha256(CORE_TEXT));
    expect(rejected.issues!.map((i) => i.where)).toEqual([`${a.path}: [0] (eat_meal).hooks.before`]);

    const text = coreEat(0.2);
    replaceFile(a.path, text);
    const applied = a.shard.reloadManifest();
    expect(applied).toMatchObject({ status: 'applied', path: a.path, checksum: sha256(text) });
    expect(a.shard.state.manifest.current.checksum).toBe(sha256(text));
    expect(a.reloads).toEqual([first, rejected, applied]);
    // Between ticks the applied reload's event lands in the last tick's buffer (and its counters).
    expect(a.shard.events.count(EventKind.manifest_reloaded)).toBe(1);

    // The on-demand reload marks the file as seen: the next steps do not read it again.
    a.shard.step();
    a.shard.step();
    expect(manifestEvents(a.shard)).toEqual([]);
    expect(a.shard.state.manifest.current.checksum).toBe(sha256(text));
    expect(a.reloads).toHaveLength(3);
    expect(eat(a.shard).gained).toBeCloseTo(0.2, 6);
  });

  it('reloadManifest() on a closed shard throws', async () => {
    const a = harness();
    await a.shard.close();
    expect(() => a.shard.reloadManifest()).toThrow(/closed/);
  });
});

/** Builds a harness on `path`, which must fail, and returns the InputError. */
function createError(path: string): InputError {
  try {
    harness(path);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`expected a shard on ${path} to be refused`);
}

describe('manifest preconditions at load time', () => {
  it('createShard fails with an InputError naming the file and the affordance for an unknown name', () => {
    const path = manifestFile(coreWith('- wallet >= price', '- wallet >= price and needs.hungr < 1'));
    const err = createError(path);
    expect(err.issues.map((i) => i.where)).toEqual([`${path}: affordance eat_meal.preconds[2]`]);
    expect(err.message).toContain(`${path}: affordance eat_meal.preconds[2]`);
    expect(err.message).toContain(
      'the unknown name "needs.hungr" at column 21 of "wallet >= price and needs.hungr < 1" (did you mean "needs.hunger"?)',
    );
  });

  it('reports every unknown name of every affordance at once', () => {
    const path = manifestFile(
      coreWith('- meal_available == true', '- meal_ready == true').replace(
        'preconds: occupied == false',
        'preconds: world.hour > 6',
      ),
    );
    expect(createError(path).issues.map((i) => i.where)).toEqual([
      `${path}: affordance eat_meal.preconds[0]`,
      `${path}: affordance rest_sleep.preconds[0]`,
    ]);
  });

  // The same alias bomb at load: createShard throws an InputError naming the file, not the yaml library's
  // ReferenceError, so the CLI prints the usual message and exits 2.
  it('refuses a YAML alias bomb with an InputError naming the file', () => {
    const path = manifestFile(ALIAS_BOMB);
    expect(createError(path).message).toContain(path);
  });

  it('refuses a forbidden name or a call before compiling, naming the entry', () => {
    const path = manifestFile(coreWith('- meal_available == true', '- meal_available.constructor == 1'));
    const err = createError(path);
    expect(err.issues.map((i) => i.where)).toEqual([`${path}: [0] (eat_meal).preconds[0]`]);
    expect(err.message).toContain('the forbidden name "constructor"');
    const call = manifestFile(coreWith('preconds: needs.energy >= 0.1', 'preconds: len(needs) > 0'));
    const callErr = createError(call);
    expect(callErr.issues.map((i) => i.where)).toEqual([`${call}: [4] (work_shift).preconds`]);
    expect(callErr.message).toContain('no function calls');
  });
});

describe('the manifest named by a config file', () => {
  it('resolves a relative manifest path against the config file and watches that file', () => {
    const configDir = join(dir, 'town');
    mkdirSync(configDir);
    const rules = join(configDir, 'rules.yaml');
    replaceFile(rules, CORE_TEXT);
    const config = scene({
      width: 8,
      height: 6,
      objects: [{ id: 'fridge_1', type: 'fridge', position: [3, 2], stock: { meals: 20 } }],
      agents: [{ id: 'alice', position: [2, 2], needs: { hunger: 0.2 }, wallet: 10 }],
      over: { affordances: { manifest: 'rules.yaml', reload_poll_ms: 0 } },
    });
    const configPath = join(configDir, 'town.yaml');
    writeFileSync(configPath, stringify(config));
    const reloads: ManifestReload[] = [];
    const shard = createShard(loadConfigFile(configPath), {
      policy: 'external',
      onManifestReload: (r) => reloads.push(r),
    });
    expect(shard.state.manifest.current.path).toBe(rules);
    const text = coreEat(0.1);
    replaceFile(rules, text);
    shard.step();
    expect(reloads).toEqual([expect.objectContaining({ status: 'applied', path: rules, checksum: sha256(text) })]);
    expect(eat(shard).gained).toBeCloseTo(0.1, 6);
  });
});
