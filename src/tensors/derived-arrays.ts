import type { ShardState } from '../core/shard-state.js';
import { LANDMARK_TYPES } from './observation-spec.js';
import type { TensorState } from './tensor-state.js';

/**
 * The arrays tensor row writers read that are neither registered state nor tensor state: derived by the main
 * thread (the shard's build and the serial prepare step) and declared here, so that a worker thread receives
 * exactly these and never derives its own. All of them are on SharedArrayBuffers.
 * - `fields`: the walking-distance fields by object type (path hints, local summaries);
 * - `landmarks`: per landmark type, the nearest object row of each tile (the landmark features);
 * - `workTargets`: per job, the nearest work tile of each tile (the work features);
 * - `pathHints`: per need, the path hint's move from each tile (the core features).
 * The tile bytes, the occupancy bits and the chat-neighbour flags are part of the tensor state (t.observer, t.masks)
 * and travel with it.
 */
export interface DerivedArrays {
  readonly fields: readonly (readonly [number, Int32Array])[];
  readonly landmarks: readonly (Int32Array | null)[];
  readonly workTargets: readonly (Int32Array | null)[];
  readonly pathHints: readonly (Uint8Array | null)[];
}

/** The derived arrays of `s` as they stand (after the prepare step). */
export function collectDerived(s: ShardState, t: TensorState): DerivedArrays {
  return {
    fields: s.fields.built(),
    landmarks: t.observer.landmarkRow.map((row) => row ?? null),
    workTargets: t.observer.workTarget.map((tiles) => tiles ?? null),
    pathHints: t.observer.pathHint.map((hints) => hints ?? null),
  };
}

/** True when `b` holds exactly the arrays of `a` (the same objects): nothing new to send to workers. */
export function sameDerived(a: DerivedArrays | undefined, b: DerivedArrays): boolean {
  if (!a || a.fields.length !== b.fields.length || !sameList(a.landmarks, b.landmarks) ||
    !sameList(a.workTargets, b.workTargets) || !sameList(a.pathHints, b.pathHints)) {
    return false;
  }
  for (let i = 0; i < a.fields.length; i++) {
    if (a.fields[i]![0] !== b.fields[i]![0] || a.fields[i]![1] !== b.fields[i]![1]) return false;
  }
  return true;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Puts the main thread's derived arrays into a worker's state: its own fields are dropped and never rebuilt. */
export function installDerived(ws: ShardState, t: TensorState, d: DerivedArrays): void {
  ws.fields.adopt(d.fields);
  const o = t.observer;
  o.landmarkRow.length = 0;
  o.landmarkSource.length = 0;
  d.landmarks.forEach((row, i) => {
    if (!row) return;
    o.landmarkRow[i] = row;
    // The field it was built against, so ensureLandmarks sees nothing to rebuild.
    const type = ws.objectTypes.code(LANDMARK_TYPES[i]!);
    o.landmarkSource[i] = type >= 0 ? ws.fields.field(type) : undefined;
  });
  o.workTarget.length = 0;
  d.workTargets.forEach((tiles, j) => {
    if (tiles) o.workTarget[j] = tiles;
  });
  o.pathHint.length = 0;
  o.pathHintSource.length = 0;
  d.pathHints.forEach((hints, need) => {
    if (hints) o.pathHint[need] = hints;
  });
}
