import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOOK_NAMES, isAllowedHook } from '../src/affordances/hooks-allowlist.js';
import { loadManifest, parseManifest } from '../src/affordances/manifest.js';
import { compilePrecondition, mapScope, type PreconditionGetter } from '../src/affordances/preconditions.js';
import { InputError } from '../src/core/errors.js';

const CORE = 'configs/affordances/core.yaml';
const FIXTURES = 'tests/fixtures/manifests';
const tmp = mkdtempSync(join(tmpdir(), 'townlet-manifest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** Writes a manifest to a fresh temp file and returns its path. */
function tempManifest(text: string): string {
  const path = join(tmp, `manifest-${++counter}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** Loads a manifest that must fail and returns the InputError. */
function loadError(path: string): InputError {
  try {
    loadManifest(path);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`expected ${path} to be rejected`);
}

const eat = (extra = '', effects = '{ hunger: 0.4 }') =>
  `- id: eat_meal\n  object_type: fridge\n  duration: 15\n  effects: ${effects}\n${extra}`;

// The names core.yaml documents in its header: every precondition it uses must compile against them.
const DOCUMENTED_NAMES = [
  'agent.wallet',
  'wallet',
  'needs.hunger',
  'needs.hygiene',
  'needs.energy',
  'stock.meals',
  'stock.ingredients',
  'meal_available',
  'power_on',
  'water_on',
  'occupied',
  'queue_length',
  'world.tick',
  'world.day',
  'price',
  'price.meal_cost',
  'price.ingredients_cost',
  'price.shower_cost',
];

describe('hook allowlist', () => {
  it('holds the ten built-in hooks and nothing from the prototype chain', () => {
    expect(HOOK_NAMES).toHaveLength(10);
    expect(isAllowedHook('on_attempt_eat')).toBe(true);
    expect(isAllowedHook('on_attempt_eats')).toBe(false);
    expect(isAllowedHook('constructor')).toBe(false);
    expect(isAllowedHook('toString')).toBe(false);
  });
});

describe('core.yaml', () => {
  const manifest = loadManifest(CORE);

  it('loads the five affordances and no objects', () => {
    expect(manifest.objects).toEqual([]);
    expect(manifest.affordances.map((a) => [a.id, a.objectType, a.duration])).toEqual([
      ['eat_meal', 'fridge', 15],
      ['cook_meal', 'stove', 40],
      ['use_shower', 'shower', 30],
      ['rest_sleep', 'bed', 60],
      ['work_shift', 'workplace', 60],
    ]);
    expect(manifest.path).toBe(resolve(CORE));
  });

  it('charges a meal once, through its price key (no money effect, no charging hook)', () => {
    const eatMeal = manifest.affordances.find((a) => a.id === 'eat_meal')!;
    expect(eatMeal.effects).toEqual({ hunger: 0.4, hygiene: 0, energy: 0.05, money: 0 });
    expect(eatMeal.price).toBe('meal_cost');
    expect(eatMeal.hooks).toEqual({ before: ['on_attempt_eat'], after: ['on_finish_eat'], fail: [] });
    expect(eatMeal.preconds.map((p) => p.source)).toContain('wallet >= price');
  });

  it('prices cooking and showers through economy keys', () => {
    const price = (id: string) => manifest.affordances.find((a) => a.id === id)!.price;
    expect([price('cook_meal'), price('use_shower'), price('rest_sleep')]).toEqual([
      'ingredients_cost',
      'shower_cost',
      null,
    ]);
  });

  it('rejects an unknown price key, naming the entry and the valid keys', () => {
    const path = tempManifest(eat('  price: meal_costs\n'));
    expect(loadError(path).message).toBe(
      `${path}: [0] (eat_meal).price: expected a price key (meal_cost, ingredients_cost, ` +
      'shower_cost), found the unknown price key "meal_costs" (did you mean "meal_cost"?)',
    );
  });

  it('uses only the precondition names its header documents', () => {
    const getters = new Map<string, PreconditionGetter>(DOCUMENTED_NAMES.map((n) => [n, () => 1]));
    const scope = mapScope(getters);
    const used = new Set<string>();
    for (const a of manifest.affordances) {
      for (const p of a.preconds) {
        for (const name of compilePrecondition(p.ast, p.source, scope).names) used.add(name.join('.'));
      }
    }
    expect([...used].every((n) => DOCUMENTED_NAMES.includes(n))).toBe(true);
    expect(used.size).toBeGreaterThanOrEqual(6); // utilities are checked by hooks now
  });

  it('has a SHA-256 checksum of the file bytes that changes when a byte changes', () => {
    expect(manifest.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.checksum).toBe(createHash('sha256').update(readFileSync(CORE)).digest('hex'));
    const copy = join(tmp, 'core-copy.yaml');
    copyFileSync(CORE, copy);
    expect(loadManifest(copy).checksum).toBe(manifest.checksum);
    const bytes = readFileSync(copy);
    bytes[bytes.indexOf('#'.charCodeAt(0)) + 1] = 'X'.charCodeAt(0); // one byte of a comment
    writeFileSync(copy, bytes);
    const changed = loadManifest(copy);
    expect(changed.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(changed.checksum).not.toBe(manifest.checksum);
    expect(changed.affordances).toEqual(manifest.affordances);
  });
});

describe('manifest entries', () => {
  it('loads objects with stock and position, and a default-typed affordance', () => {
    const m = loadManifest(`${FIXTURES}/objects-and-affordance.yaml`);
    expect(m.objects).toEqual([
      { id: 'fridge_1', objectType: 'fridge', stock: { meals: 5 }, position: [12, 13] },
      { id: 'stove_1', objectType: 'stove', stock: {} },
    ]);
    expect(m.affordances).toHaveLength(1);
    const a = m.affordances[0]!;
    expect(a.preconds.map((p) => p.source)).toEqual(['meal_available == true']);
    expect(a.preconds[0]!.ast.kind).toBe('compare');
    expect(a.hooks).toEqual({ before: ['on_attempt_eat'], after: ['on_finish_eat'], fail: [] });
    expect(a.effects).toEqual({ hunger: 0.4, hygiene: 0, energy: 0, money: -0.4 });
  });

  it('defaults preconds and hooks to empty', () => {
    const m = loadManifest(tempManifest(eat()));
    expect(m.affordances[0]!.preconds).toEqual([]);
    expect(m.affordances[0]!.hooks).toEqual({ before: [], after: [], fail: [] });
  });

  it('validates already-parsed input under the given name', () => {
    const raw = [{ id: 'nap', object_type: 'bed', duration: 5, effects: { energy: 0.1 } }];
    const m = parseManifest(raw, '<inline>', 'abc');
    expect(m).toMatchObject({ path: '<inline>', checksum: 'abc', objects: [] });
    expect(() => parseManifest({}, '<inline>', '')).toThrow(/<inline>: expected a non-empty list/);
    expect(() => parseManifest([{ id: 'nap' }], '<inline>', '')).toThrow(/<inline>: \[0\] \(nap\)\.duration/);
  });
});

describe('manifest errors', () => {
  it.each([
    ['an unknown key', eat('  duraton: 15\n'), '[0] (eat_meal).duraton', 'did you mean "duration"?'],
    ['a duplicate id', `${eat()}${eat()}`, '[1] (eat_meal).id', 'first used by [0]'],
    [
      'a missing duration',
      '- id: eat_meal\n  object_type: fridge\n  effects: { hunger: 0.4 }\n',
      '[0] (eat_meal).duration',
      'the key is missing',
    ],
    ['duration 0', eat().replace('duration: 15', 'duration: 0'), '[0] (eat_meal).duration', '≥ 1'],
    [
      'a fractional duration',
      eat().replace('duration: 15', 'duration: 1.5'),
      '[0] (eat_meal).duration',
      'integer',
    ],
    ['empty effects', eat('', '{}'), '[0] (eat_meal).effects', 'at least one effect'],
    [
      'an unknown effect key',
      eat('', '{ hungr: 0.4 }'),
      '[0] (eat_meal).effects.hungr',
      'did you mean "hunger"?',
    ],
    ['a need effect out of range', eat('', '{ hunger: 40 }'), '[0] (eat_meal).effects.hunger', '≤ 1'],
    [
      'an unknown hook',
      eat('  hooks:\n    before: on_attempt_eats\n'),
      '[0] (eat_meal).hooks.before',
      'did you mean "on_attempt_eat"?',
    ],
    [
      'an unknown hook in a list',
      eat('  hooks:\n    after: [on_finish_eat, run_shell]\n'),
      '[0] (eat_meal).hooks.after[1]',
      'the unknown hook "run_shell"',
    ],
    [
      'an unknown hook stage',
      eat('  hooks:\n    befor: on_attempt_eat\n'),
      '[0] (eat_meal).hooks.befor',
      'did you mean "before"?',
    ],
    [
      'a hook twice in a stage',
      eat('  hooks:\n    before: [on_attempt_eat, on_attempt_eat]\n'),
      '[0] (eat_meal).hooks.before[1]',
      'at most once',
    ],
    ['a hook that is not a name', eat('  hooks:\n    fail: 3\n'), '[0] (eat_meal).hooks.fail', 'a hook name'],
    [
      'a forbidden precondition',
      eat('  preconds:\n    - meal_available == true\n    - __proto__.polluted == 1\n'),
      '[0] (eat_meal).preconds[1]',
      '"__proto__"',
    ],
    [
      'a precondition call',
      eat('  preconds: process.exit(1)\n'),
      '[0] (eat_meal).preconds',
      'no function calls',
    ],
    [
      'a non-string precondition',
      eat('  preconds: [true]\n'),
      '[0] (eat_meal).preconds[0]',
      'a precondition string',
    ],
    [
      'a precondition mapping',
      eat('  preconds: { a: 1 }\n'),
      '[0] (eat_meal).preconds',
      'a precondition string or a list',
    ],
    [
      'an unknown entry type',
      '- type: objct\n  id: bed_1\n  object_type: bed\n',
      '[0] (bed_1).type',
      'did you mean "object"?',
    ],
    [
      'an object with a negative stock',
      '- type: object\n  id: fridge_1\n  object_type: fridge\n  stock: { meals: -1 }\n',
      '[0] (fridge_1).stock.meals',
      '≥ 0',
    ],
    [
      'an object with a forbidden stock name',
      '- type: object\n  id: fridge_1\n  object_type: fridge\n  stock: { __proto__: 1 }\n',
      '[0] (fridge_1).stock.__proto__',
      'a stock name',
    ],
    [
      'an object with affordance keys',
      '- type: object\n  id: fridge_1\n  object_type: fridge\n  duration: 3\n',
      '[0] (fridge_1).duration',
      'the unknown key "duration"',
    ],
    ['a malformed id', eat().replace('id: eat_meal', 'id: "eat meal"'), '[0].id', 'an id of letters'],
    ['an entry that is not a mapping', '- eat_meal\n', '[0]', 'a mapping'],
  ])('reports %s', (_what, text, where, detail) => {
    const path = tempManifest(text);
    const err = loadError(path);
    expect(err.message).toContain(`${path}: ${where}`);
    expect(err.message).toContain(detail);
  });

  it('rejects an empty list and a missing file', () => {
    const empty = tempManifest('[]\n');
    expect(loadError(empty).message).toContain(`${empty}: expected a non-empty list`);
    const missing = join(tmp, 'nope.yaml');
    expect(loadError(missing).message).toContain(`${missing}: expected an existing file`);
  });

  it('reports every problem in a file, not just the first', () => {
    const path = `${FIXTURES}/many-problems.yaml`;
    const err = loadError(path);
    const wheres = err.issues.map((i) => i.where);
    expect(wheres).toEqual(
      expect.arrayContaining([
        `${path}: [0] (eat_meal).duraton`,
        `${path}: [0] (eat_meal).duration`,
        `${path}: [1] (use_shower).duration`,
        `${path}: [1] (use_shower).effects`,
        `${path}: [2] (eat_meal).id`,
        `${path}: [2] (eat_meal).effects.hungr`,
        `${path}: [3] (cook_meal).preconds[1]`,
        `${path}: [3] (cook_meal).hooks.before`,
        `${path}: [4] (bed_1).type`,
      ]),
    );
    expect(err.issues).toHaveLength(9);
    for (const where of wheres) expect(err.message).toContain(where);
  });
});
