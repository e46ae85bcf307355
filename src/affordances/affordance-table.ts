import { nearestName } from '../core/did-you-mean.js';
import { InputError, type InputIssue } from '../core/errors.js';
import type { NameTable } from '../core/side-tables.js';
import { PriceIndex } from '../economy/prices.js';
import { type Hook, HOOKS } from './hooks.js';
import type { HookStage } from './hooks-allowlist.js';
import type { AffordanceManifest } from './manifest.js';
import {
  type CompiledPrecondition,
  PreconditionCompileError,
  type PreconditionGetter,
  type PreconditionScope,
  compilePrecondition,
} from './preconditions.js';

/** Offsets into AffordanceTable.effects: four deltas per affordance. */
export const EFFECT_HUNGER = 0;
export const EFFECT_HYGIENE = 1;
export const EFFECT_ENERGY = 2;
export const EFFECT_MONEY = 3;
/** Needs in effect order (index = EFFECT_* offset). */
export const NEED_NAMES = ['hunger', 'hygiene', 'energy'] as const;

/**
 * The manifest in force, compiled for the tick: numbers in typed arrays indexed by affordance, preconditions
 * as closures bound to the shard, hooks as functions. Affordance k is action USE_BASE + k.
 */
export interface AffordanceTable {
  readonly count: number;
  readonly ids: readonly string[];
  /** Object type code each affordance runs on. */
  readonly objectType: Uint8Array;
  readonly duration: Int32Array;
  /** 1 = one agent at a time through the waiting line; 0 = shared (no line). */
  readonly exclusive: Uint8Array;
  /** [k * 4 + EFFECT_*]: need and wallet deltas applied at completion. */
  readonly effects: Float64Array;
  /** Price index (ECONOMY_PRICES) charged at completion on top of the money effect; -1 = none. */
  readonly price: Int8Array;
  readonly preconds: readonly (readonly CompiledPrecondition[])[];
  readonly hooks: readonly Readonly<Record<HookStage, readonly Hook[]>>[];
  /** Per need (EFFECT_* order): affordances that raise it, largest effect first (ties: manifest order). */
  readonly serves: readonly Int16Array[];
}

/**
 * Compiles a validated manifest against a shard's precondition scope. Object types are interned into
 * `objectTypes` (a type with no object in the world is allowed: its affordances are simply never adjacent).
 * Throws InputError naming the manifest file, the affordance and the precondition for every unknown name.
 */
export function compileAffordances(
  manifest: AffordanceManifest,
  scope: PreconditionScope,
  objectTypes: NameTable,
): AffordanceTable {
  const list = manifest.affordances;
  const count = list.length;
  const issues: InputIssue[] = [];
  const known = [...(scope.knownNames ?? []), 'price'];
  const roots = [...new Set(known.map((n) => n.split('.')[0]!))].join(', ');
  const effects = new Float64Array(count * 4);
  const preconds = list.map((a, k) => {
    effects[k * 4 + EFFECT_HUNGER] = a.effects.hunger;
    effects[k * 4 + EFFECT_HYGIENE] = a.effects.hygiene;
    effects[k * 4 + EFFECT_ENERGY] = a.effects.energy;
    effects[k * 4 + EFFECT_MONEY] = a.effects.money;
    return a.preconds.flatMap(({ source, ast }, i) => {
      try {
        return [compilePrecondition(ast, source, withPrice(scope, a.price))];
      } catch (err) {
        if (!(err instanceof PreconditionCompileError)) throw err;
        for (const { path, column } of err.unknown) {
          const name = path.join('.');
          const guess = nearestName(name, known);
          issues.push({
            where: `${manifest.path}: affordance ${a.id}.preconds[${i}]`,
            expected: `a name the engine provides (${roots})`,
            found: `the unknown name "${name}" at column ${column} of "${source}"`,
            ...(guess ? { hint: `did you mean "${guess}"?` } : {}),
          });
        }
        return [];
      }
    });
  });
  if (issues.length > 0) throw new InputError(issues);
  return {
    count,
    ids: list.map((a) => a.id),
    objectType: Uint8Array.from(list, (a) => objectTypes.intern(a.objectType)),
    duration: Int32Array.from(list, (a) => a.duration),
    exclusive: Uint8Array.from(list, (a) => (a.exclusive ? 1 : 0)),
    effects,
    price: Int8Array.from(list, (a) => (a.price === null ? -1 : PriceIndex[a.price])),
    preconds,
    hooks: list.map((a) => ({
      before: a.hooks.before.map((h) => HOOKS[h]),
      after: a.hooks.after.map((h) => HOOKS[h]),
      fail: a.hooks.fail.map((h) => HOOKS[h]),
    })),
    serves: NEED_NAMES.map((_, need) => {
      const raising = list.map((_a, k) => k).filter((k) => effects[k * 4 + need]! > 0);
      raising.sort((a, b) => effects[b * 4 + need]! - effects[a * 4 + need]! || a - b);
      return Int16Array.from(raising);
    }),
  };
}

const noPrice: PreconditionGetter = Object.assign(() => 0, {
  column: { values: Float64Array.of(0), by: 'fixed', at: 0 } as const,
});

/**
 * The scope of one affordance: the engine's names plus `price`, the affordance's current price (the engine's
 * `price.<key>`), or 0 for an affordance that names no price.
 */
function withPrice(scope: PreconditionScope, price: string | null): PreconditionScope {
  const getter = price === null ? noPrice : scope.resolve(['price', price]);
  return {
    knownNames: [...(scope.knownNames ?? []), 'price'],
    resolve: (path) => (path.length === 1 && path[0] === 'price' ? getter : scope.resolve(path)),
  };
}
