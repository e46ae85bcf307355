import { compileAffordances } from '../affordances/affordance-table.js';
import type { AffordanceManifest } from '../affordances/manifest.js';
import { engineScope } from '../affordances/precondition-scope.js';
import type { ShardState } from '../core/shard-state.js';
import type { TensorState } from '../tensors/tensor-state.js';

/**
 * The ShardState fields a worker takes from the main thread: component groups whose typed arrays live on
 * SharedArrayBuffers, so the worker reads the live world, not a copy. Everything else a row writer reads (grid,
 * object index, distance fields, landmarks) is static and the worker rebuilds it identically from the config.
 */
export const SHARED_GROUPS = [
  'positions',
  'needs',
  'wallets',
  'life',
  'homes',
  'employment',
  'objects',
  'reservations',
  'queues',
  'activity',
  'actions',
  'policyMemory',
  'personality',
  'social',
  'economy',
  'kpis',
] as const satisfies readonly (keyof ShardState)[];

/** What a worker receives once: the shared groups and the tensor state (all typed arrays shared). */
export interface SharedHandles {
  groups: Pick<ShardState, (typeof SHARED_GROUPS)[number]>;
  tensors: TensorState;
}

/** The handles of `s`; throws if any typed array in them is not on a SharedArrayBuffer (a worker would copy it). */
export function sharedHandles(s: ShardState, t: TensorState): SharedHandles {
  const groups = Object.fromEntries(SHARED_GROUPS.map((key) => [key, s[key]])) as SharedHandles['groups'];
  assertShared(groups, 'state');
  const { breakdown: _unused, ...rewards } = t.rewards;
  const tensors = { ...t, rewards: { ...rewards, breakdown: null } } as TensorState;
  assertShared(tensors, 'tensors');
  return { groups, tensors };
}

/** Puts the main thread's shared groups and tensors into a worker's own copy of the state and recompiles rules. */
export function attachShared(ws: ShardState, handles: SharedHandles, manifest: AffordanceManifest): void {
  const writable = ws as unknown as Record<string, unknown>;
  for (const key of SHARED_GROUPS) writable[key] = handles.groups[key];
  ws.tensors = handles.tensors;
  // Preconditions close over the arrays they read: compile them against the shared ones.
  ws.manifest.replace(manifest, compileAffordances(manifest, engineScope(ws), ws.objectTypes));
}

/**
 * Throws when a typed array reachable from `value` (plain objects and arrays, not class instances' privates)
 * is not backed by a SharedArrayBuffer. Constant tables that are equal in every thread may stay unshared: they
 * are listed by name.
 */
function assertShared(value: unknown, path: string): void {
  if (ArrayBuffer.isView(value)) {
    if (!(value.buffer instanceof SharedArrayBuffer) && !CONSTANT.test(path)) {
      throw new Error(`${path} is not on a SharedArrayBuffer: a worker would read a copy`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertShared(v, `${path}[${i}]`));
    return;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) assertShared(v, `${path}.${String(k)}`);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) assertShared(v, `${path}.${k}`);
  }
}

/** Typed arrays that never change after creation (the same values in every thread). */
const CONSTANT = /^(tensors\.rewards\.bias|state\.social\.mealKey)$/;
