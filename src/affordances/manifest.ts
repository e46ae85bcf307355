import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { zodIssuesToInput } from '../config/format-issues.js';
import { describeValue, readYamlFileWithBytes } from '../config/read-yaml.js';
import { nearestName } from '../core/did-you-mean.js';
import { tile } from '../config/schema-helpers.js';
import { InputError, type InputIssue, inputError } from '../core/errors.js';
import { ECONOMY_PRICES, isPriceKey, type PriceKey } from '../economy/prices.js';
import { HOOK_NAMES, HOOK_STAGES, type HookName, type HookStage, isAllowedHook } from './hooks-allowlist.js';
import {
  isForbiddenName,
  type PreconditionAst,
  PreconditionSyntaxError,
  parsePrecondition,
} from './preconditions.js';

/** An object placed by the manifest (most towns place objects procedurally and list none). */
export interface ManifestObject {
  id: string;
  objectType: string;
  /** Stock by name (`meals`, `ingredients`, ...); empty when the manifest gives none. */
  stock: Record<string, number>;
  position?: [number, number];
}

/** Need and wallet deltas an affordance applies when it completes; absent keys are 0. */
export interface AffordanceEffects {
  hunger: number;
  hygiene: number;
  energy: number;
  money: number;
}

/** An affordance: what an agent can do at an object of a type, for how long, with what effect. */
export interface ManifestAffordance {
  id: string;
  objectType: string;
  /** Ticks from start to completion (≥ 1). */
  duration: number;
  effects: AffordanceEffects;
  /**
   * The economy price (ECONOMY_PRICES) charged at completion on top of the money effect, at its current value;
   * null = none. Preconditions read it as `price`.
   */
  price: PriceKey | null;
  /** Parsed at load; the engine compiles them against its scope. */
  preconds: { source: string; ast: PreconditionAst }[];
  /** Built-in hook names per stage, in manifest order. */
  hooks: Record<HookStage, HookName[]>;
  /**
   * True (the default): one agent at a time, through the object's waiting line. False: any number of agents
   * use the object at once with no line (a workplace).
   */
  exclusive: boolean;
}

/** A validated manifest and where it came from. */
export interface AffordanceManifest {
  /** Absolute path of the file (`loadManifest`), or the `where` given to `parseManifest`. */
  path: string;
  /** SHA-256 (hex) of the file's bytes: recorded in snapshots and telemetry to pin the rules used. */
  checksum: string;
  /** The file's text as read (`loadManifest`): snapshots carry it so a snapshot alone can be resumed. */
  text?: string;
  objects: ManifestObject[];
  affordances: ManifestAffordance[];
}

/** Longest accepted affordance duration, in ticks (about 70 days at 1440 ticks a day). */
const MAX_DURATION = 100_000;

const ID = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const STOCK_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const idSchema = z.string().regex(ID, 'an id of letters, digits, _ . - starting with a letter (at most 64)');
// Needs live in [0, 1], so a need delta outside [-1, 1] is a typo (40 for 0.4), not a design.
const needDelta = z.number().min(-1).max(1).optional();

const effectsSchema = z.strictObject({
  hunger: needDelta,
  hygiene: needDelta,
  energy: needDelta,
  money: z.number().min(-1_000_000).max(1_000_000).optional(),
});

const objectSchema = z.strictObject({
  type: z.literal('object'),
  id: idSchema,
  object_type: idSchema,
  stock: z.record(z.string(), z.number().int().min(0).max(1_000_000_000)).optional(),
  position: tile.optional(),
});

// preconds and hook lists are checked by hand below: a zod union would only say "one of the forms".
const hookStage = z.unknown().optional();
const affordanceSchema = z.strictObject({
  type: z.literal('affordance').optional(),
  id: idSchema,
  object_type: idSchema,
  duration: z.number().int().min(1).max(MAX_DURATION),
  effects: effectsSchema,
  preconds: z.unknown().optional(),
  hooks: z.strictObject({ before: hookStage, after: hookStage, fail: hookStage }).optional(),
  exclusive: z.boolean().optional(),
  price: z.string().optional(),
});

type Path = readonly (string | number)[];
type Entry = { kind: 'object'; value: ManifestObject } | { kind: 'affordance'; value: ManifestAffordance };

/**
 * Loads and validates an affordance manifest (a YAML list of `type: object` and `type: affordance` entries).
 * Throws InputError listing every problem found, each naming the file, the entry index and id, and the key.
 */
export function loadManifest(path: string): AffordanceManifest {
  // One read: the checksum is of exactly the bytes that were parsed (a file replaced between reads can't split them).
  const { value: raw, bytes } = readYamlFileWithBytes(path, 'list');
  const checksum = createHash('sha256').update(bytes).digest('hex');
  return { ...parseManifest(raw, path, checksum), path: resolve(path), text: bytes.toString('utf8') };
}

/**
 * Rebuilds a manifest from its text (a snapshot's copy), checking it against the recorded `checksum`. `path` is
 * where the text came from, kept for hot reload; `where` names the source in messages.
 */
export function manifestFromText(text: string, path: string, checksum: string, where: string): AffordanceManifest {
  const bytes = Buffer.from(text, 'utf8');
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== checksum) inputError(where, `manifest text with checksum ${checksum}`, `checksum ${actual}`);
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    inputError(where, 'a manifest in YAML', (err as Error).message.split('\n')[0] ?? 'a syntax error');
  }
  return { ...parseManifest(raw, where, checksum), path, text };
}

/**
 * Validates an already-parsed manifest. `where` names the source in messages; `checksum` is passed through.
 * Throws InputError listing every problem found.
 */
export function parseManifest(raw: unknown, where: string, checksum: string): AffordanceManifest {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new InputError([
      { where, expected: 'a non-empty list of object and affordance entries', found: describeValue(raw) },
    ]);
  }
  const issues: InputIssue[] = [];
  const firstUse = new Map<string, number>();
  const objects: ManifestObject[] = [];
  const affordances: ManifestAffordance[] = [];
  raw.forEach((item: unknown, index) => {
    const entry = checkEntry(item, index, where, firstUse, issues);
    if (entry?.kind === 'object') objects.push(entry.value);
    else if (entry?.kind === 'affordance') affordances.push(entry.value);
  });
  if (issues.length > 0) throw new InputError(issues);
  return { path: where, checksum, objects, affordances };
}

/** Checks one entry, appending its problems to `issues`; returns the entry only when it has none. */
function checkEntry(
  raw: unknown,
  index: number,
  file: string,
  firstUse: Map<string, number>,
  issues: InputIssue[],
): Entry | undefined {
  const before = issues.length;
  if (!isMapping(raw)) {
    issues.push({
      where: `${file}: [${index}]`,
      expected: 'a mapping (an affordance, or an object with type: object)',
      found: describeValue(raw),
    });
    return undefined;
  }
  // Only a well-formed id goes into the label; a malformed one is reported (and shown) by its own issue.
  const label =
    typeof raw['id'] === 'string' && ID.test(raw['id']) ? `[${index}] (${raw['id']})` : `[${index}]`;
  const add = (path: Path, expected: string, found: string, hint?: string) =>
    issues.push({ where: whereIn(file, label, path), expected, found, ...(hint ? { hint } : {}) });

  const id = raw['id'];
  if (typeof id === 'string') {
    const first = firstUse.get(id);
    if (first !== undefined)
      add(['id'], 'an id unique across the manifest', `"${id}" again (first used by [${first}])`);
    else firstUse.set(id, index);
  }

  const type = raw['type'] ?? 'affordance';
  if (type !== 'object' && type !== 'affordance') {
    add(
      ['type'],
      '"object" or "affordance" (absent = affordance)',
      describeValue(type),
      suggest(type, ['object', 'affordance']),
    );
    return undefined;
  }

  const schema = type === 'object' ? objectSchema : affordanceSchema;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of zodIssuesToInput(file, schema, raw, parsed.error.issues)) {
      issues.push({ ...issue, where: relabel(issue.where, file, label) });
    }
  }

  if (type === 'object') {
    const stock = checkStock(raw['stock'], add);
    if (!parsed.success || issues.length > before) return undefined;
    const data = parsed.data as z.output<typeof objectSchema>;
    const value: ManifestObject = { id: data.id, objectType: data.object_type, stock };
    if (data.position) value.position = [data.position[0], data.position[1]];
    return { kind: 'object', value };
  }

  if (isMapping(raw['effects']) && Object.keys(raw['effects']).length === 0) {
    add(['effects'], 'at least one effect (hunger, hygiene, energy, money)', 'an empty mapping');
  }
  const preconds = checkPreconds(raw['preconds'], add);
  const hooks = checkHooks(raw['hooks'], add);
  const price = raw['price'];
  if (typeof price === 'string' && !isPriceKey(price)) {
    add(['price'], `a price key (${ECONOMY_PRICES.join(', ')})`, `the unknown price key "${price}"`, suggest(price, ECONOMY_PRICES));
  }
  if (!parsed.success || issues.length > before) return undefined;
  const data = parsed.data as z.output<typeof affordanceSchema>;
  const { hunger = 0, hygiene = 0, energy = 0, money = 0 } = data.effects;
  return {
    kind: 'affordance',
    value: {
      id: data.id,
      objectType: data.object_type,
      duration: data.duration,
      effects: { hunger, hygiene, energy, money },
      price: data.price !== undefined && isPriceKey(data.price) ? data.price : null,
      preconds,
      hooks,
      exclusive: data.exclusive ?? true,
    },
  };
}

type Add = (path: Path, expected: string, found: string, hint?: string) => void;

/** Stock names are precondition paths (`stock.meals`), so they follow the precondition name rules. */
function checkStock(raw: unknown, add: Add): Record<string, number> {
  const stock: Record<string, number> = {};
  if (!isMapping(raw)) return stock; // absent is fine; a wrong type is zod's to report
  for (const [key, value] of Object.entries(raw)) {
    if (!STOCK_NAME.test(key) || isForbiddenName(key)) {
      add(
        ['stock', key],
        'a stock name of letters, digits and _ (not __…, constructor or prototype)',
        `the key "${key}"`,
      );
    } else if (typeof value === 'number') {
      stock[key] = value;
    }
  }
  return stock;
}

/** `preconds`: a string or a list of strings, each parsed now so a bad one fails at load. */
function checkPreconds(raw: unknown, add: Add): { source: string; ast: PreconditionAst }[] {
  const out: { source: string; ast: PreconditionAst }[] = [];
  const items = asList(raw, ['preconds'], 'a precondition string or a list of them', add);
  for (const [path, source] of items) {
    if (typeof source !== 'string') {
      add(path, 'a precondition string', describeValue(source));
      continue;
    }
    try {
      out.push({ source, ast: parsePrecondition(source) });
    } catch (err) {
      if (!(err instanceof PreconditionSyntaxError)) throw err;
      const shown = source.length > 80 ? `${source.slice(0, 80)}…` : source;
      add(
        path,
        `a valid precondition: ${err.expected}`,
        `${err.found} at column ${err.column} of "${shown}"`,
      );
    }
  }
  return out;
}

/** `hooks`: per stage a hook name or a list of them, each from the built-in allowlist, each at most once. */
function checkHooks(raw: unknown, add: Add): Record<HookStage, HookName[]> {
  const hooks: Record<HookStage, HookName[]> = { before: [], after: [], fail: [] };
  if (!isMapping(raw)) return hooks; // absent is fine; a wrong type or unknown stage is zod's to report
  for (const stage of HOOK_STAGES) {
    const items = asList(raw[stage], ['hooks', stage], 'a hook name or a list of hook names', add);
    for (const [path, name] of items) {
      if (typeof name !== 'string') {
        add(path, 'a hook name', describeValue(name));
      } else if (!isAllowedHook(name)) {
        add(
          path,
          `a built-in hook (${HOOK_NAMES.join(', ')})`,
          `the unknown hook "${name}"`,
          suggest(name, HOOK_NAMES),
        );
      } else if (hooks[stage].includes(name)) {
        add(path, `each hook at most once per stage (it would run twice)`, `"${name}" again`);
      } else {
        hooks[stage].push(name);
      }
    }
  }
  return hooks;
}

/**
 * Normalises "one item or a list of items" to [path, item] pairs; a single string keeps the bare key as path.
 * `undefined` (key absent) is an empty list; anything else that is neither a string nor a list is reported.
 */
function asList(raw: unknown, path: Path, expected: string, add: Add): [Path, unknown][] {
  if (raw === undefined) return [];
  if (typeof raw === 'string') return [[path, raw]];
  if (Array.isArray(raw)) return raw.map((item, i) => [[...path, i], item]);
  add(path, expected, describeValue(raw));
  return [];
}

/** `file: [2] (eat_meal).preconds[0]` */
function whereIn(file: string, label: string, path: Path): string {
  let s = `${file}: ${label}`;
  for (const part of path) s += typeof part === 'number' ? `[${part}]` : `.${part}`;
  return s;
}

/** Rewrites `file: a.b` from zodIssuesToInput (paths relative to the entry) to `file: [i] (id).a.b`. */
function relabel(where: string, file: string, label: string): string {
  if (where === file) return `${file}: ${label}`;
  const rest = where.slice(file.length + 2);
  return `${file}: ${label}${rest.startsWith('[') ? '' : '.'}${rest}`;
}

/** A did-you-mean hint when a near candidate exists. */
function suggest(value: unknown, candidates: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const guess = nearestName(value, candidates);
  return guess === undefined ? undefined : `did you mean "${guess}"?`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
