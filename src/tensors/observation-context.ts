import { actionCount } from '../actions/action-space.js';
import type { ShardState } from '../core/shard-state.js';
import type { TensorState } from './tensor-state.js';

/** The needs in feature order, with the behaviour threshold that makes each one urgent. */
const NEEDS = ['hunger', 'hygiene', 'energy'] as const;

/** The hints of a need nothing serves: none anywhere (a tile index past the end reads undefined, not a move). */
const NO_HINTS = new Uint8Array(0);

/**
 * Everything a row writer needs that is the same for every row of one call: array references, offsets within
 * the row, this tick's clock features. Built once per call (per worker range), so rows allocate nothing.
 */
export interface ObsContext {
  readonly s: ShardState;
  readonly t: TensorState;
  readonly tick: number;
  /**
   * Where features go: the observations tensor (float32 maps) or the feature tensor (uint8 maps). A row's feature
   * base (featureBase) plus a group offset below is the group's index in it.
   */
  readonly obs: Float32Array;
  /** Where map channels go: the observations tensor, or the uint8 map tensor. */
  readonly map: Float32Array | Uint8Array;
  readonly obsDim: number;
  /** Values per row of `map` and of `obs`. */
  readonly mapStride: number;
  readonly featureStride: number;
  /** Added to row × featureStride to get a row's feature base: 0 (one tensor) or −mapSize (the feature tensor). */
  readonly featureShift: number;
  readonly width: number;
  readonly height: number;
  readonly window: number;
  readonly radius: number;
  /** window × window: the stride between channels. */
  readonly area: number;
  /** The path_dx, path_dy channels of the full variant (static geometry), else undefined. */
  readonly pathTemplate: Float32Array | undefined;
  /** Compact: object type code → its `object:<type>` channel (-1 = none). */
  readonly typeChannel: Int8Array;
  readonly normalizeCounts: boolean;
  /** Row offsets of the feature groups (-1 = group absent). */
  readonly core: number;
  readonly summary: number;
  readonly work: number;
  readonly landmarks: number;
  readonly personality: number;
  readonly social: number;
  readonly aggregates: number;
  readonly timeSin: number;
  readonly timeCos: number;
  /**
   * Per need (feature order): behaviour threshold (0 = never urgent) and the path hint's move from each tile
   * (path-hints.ts).
   */
  readonly thresholds: Float64Array;
  readonly pathHints: readonly Uint8Array[];
  readonly nActions: number;
  /** observations.work.hint_lead_ticks. */
  readonly workLead: number;
}

/** Builds the per-call context (prepareObservations must have run this tick: it builds the fields). */
export function observationContext(s: ShardState, t: TensorState, tick: number): ObsContext {
  const spec = t.spec;
  const window = spec.window;
  const area = window * window;
  const offset = (name: string) => spec.slices[name]?.[0] ?? -1;
  const typeChannel = new Int8Array(256).fill(-1);
  spec.objectChannelTypes.forEach((type, i) => (typeChannel[type] = 4 + i));
  const table = s.manifest.table;
  const behavior = s.config.behavior;
  const tpd = s.config.ticks_per_day;
  const phase = (2 * Math.PI * (tick % tpd)) / tpd;
  const b = t.buffers;
  const split = b.observations === undefined;
  return {
    s,
    t,
    tick,
    obs: b.observations ?? b.obsFeatures!,
    map: b.observations ?? b.obsMap!,
    obsDim: spec.obsDim,
    mapStride: split ? spec.mapSize : spec.obsDim,
    featureStride: split ? spec.obsDim - spec.mapSize : spec.obsDim,
    featureShift: split ? -spec.mapSize : 0,
    width: s.grid.width,
    height: s.grid.height,
    window,
    radius: window >> 1,
    area,
    pathTemplate: spec.variant === 'full' ? pathTemplate(window) : undefined,
    typeChannel,
    normalizeCounts: s.config.observations.compact.normalize_counts,
    core: offset('core'),
    summary: offset('local_summary'),
    work: offset('work'),
    landmarks: offset('landmarks'),
    personality: offset('personality'),
    social: offset('social'),
    aggregates: offset('social_aggregates'),
    timeSin: Math.sin(phase),
    timeCos: Math.cos(phase),
    thresholds: Float64Array.from(NEEDS, (n) => behavior[`${n}_threshold`]),
    pathHints: NEEDS.map((_, need) => t.observer.pathHint[need] ?? NO_HINTS),
    nActions: actionCount(table.count),
    workLead: s.config.observations.work.hint_lead_ticks,
  };
}

/** path_dx, path_dy of every window cell: the unit vector from the centre (0 at the centre), reference §5.1. */
function pathTemplate(window: number): Float32Array {
  const r = window >> 1;
  const area = window * window;
  const out = new Float32Array(2 * area);
  for (let row = 0; row < window; row++) {
    for (let col = 0; col < window; col++) {
      const dx = col - r;
      const dy = row - r;
      const len = Math.hypot(dx, dy);
      if (len === 0) continue;
      out[row * window + col] = dx / len;
      out[area + row * window + col] = dy / len;
    }
  }
  return out;
}
