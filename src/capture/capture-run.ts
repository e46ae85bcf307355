import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionNames } from '../actions/action-space.js';
import { inputError } from '../core/errors.js';
import { EventKind } from '../core/event-kinds.js';
import type { Shard } from '../core/shard.js';
import { observeNow } from '../tensors/tensor-phase.js';
import { NpyWriter, type NpyDescr } from './npy-writer.js';

/** What to record. */
export interface CaptureSpec {
  /** Directory the files go to (created if missing). */
  out: string;
  ticks: number;
  /** Agent slots to record (default all); a deterministic, evenly spread subset. */
  recordAgents?: number;
  /** Ticks buffered between writes (memory = this × the recorded agents × a row of every array). */
  chunkTicks: number;
}

/** The recorded slot rows: K rows spread evenly over the capacity (row i·capacity/K, rounded down). */
export function recordedRows(capacity: number, k: number): Int32Array {
  return Int32Array.from({ length: k }, (_, i) => Math.floor((i * capacity) / k));
}

interface Stream {
  name: string;
  descr: NpyDescr;
  /** Values per recorded agent per tick. */
  width: number;
  /** The shape of one agent's values per tick in the file ([width], or [C, H, W] for the uint8 map). */
  inner: number[];
  chunk: Float32Array | Int32Array | Uint8Array;
  writer: NpyWriter;
}

/**
 * Runs `shard` (created with tensors on) for `spec.ticks` ticks and records, for each tick t and recorded agent:
 * the observation and action mask it acted on (built at the end of tick t − 1), the action it took in t, the
 * reward of t, and whether its life ended in t (terminations) or the capture ended with it alive (truncations).
 * Files: observations.npy (float32 [T, K, obs_dim]), or with uint8 maps obs_map.npy (uint8 [T, K, C, H, W]) and
 * obs_features.npy (float32 [T, K, F]); actions.npy (int32 [T, K]), rewards.npy (float32 [T, K]),
 * terminations.npy and truncations.npy (bool [T, K]), action_masks.npy (uint8 [T, K, n_actions]) and
 * manifest.json. Returns the manifest.
 */
export async function captureRun(shard: Shard, spec: CaptureSpec): Promise<Record<string, unknown>> {
  const t = shard.tensors;
  if (!t) throw new Error('captureRun needs a shard created with tensors: true');
  const { capacity, obsDim, nActions } = t.buffers;
  const k = spec.recordAgents ?? capacity;
  if (!Number.isInteger(k) || k < 1 || k > capacity) {
    inputError('--record-agents', `an integer in [1, ${capacity}] (the shard's agent slots)`, String(k));
  }
  const rows = recordedRows(capacity, k);
  const T = spec.ticks;
  const chunkTicks = Math.max(1, Math.min(spec.chunkTicks, T));
  mkdirSync(spec.out, { recursive: true });
  const stream = (name: string, descr: NpyDescr, width: number, inner = width === 1 ? [] : [width]): Stream => {
    const n = chunkTicks * k * width;
    const chunk = descr === '<f4' ? new Float32Array(n) : descr === '<i4' ? new Int32Array(n) : new Uint8Array(n);
    const shape = [T, k, ...inner];
    return { name, descr, width, inner, chunk, writer: new NpyWriter(join(spec.out, `${name}.npy`), descr, shape) };
  };
  const { mapSize, window, channels } = t.spec;
  // Observation streams: the tensors of the config's map dtype, recorded row by row.
  const observed: [Stream, Float32Array | Uint8Array][] = t.buffers.observations
    ? [[stream('observations', '<f4', obsDim), t.buffers.observations]]
    : [
        [stream('obs_map', '|u1', mapSize, [channels.length, window, window]), t.buffers.obsMap!],
        [stream('obs_features', '<f4', obsDim - mapSize), t.buffers.obsFeatures!],
      ];
  const masks = stream('action_masks', '|u1', nActions);
  const acts = stream('actions', '<i4', 1);
  const rewards = stream('rewards', '<f4', 1);
  const terms = stream('terminations', '|b1', 1);
  const truncs = stream('truncations', '|b1', 1);
  const streams = [...observed.map(([st]) => st), acts, rewards, terms, truncs, masks];
  const s = shard.state;
  const startIds = Array.from(rows, (row) => (s.life.alive[row + 1] === 1 ? s.agentIds.get(row + 1) : null));
  // The first tick acts on the observation of the world as built.
  observeNow(s, t, shard.tick);
  const b = t.buffers;
  const exited = new Uint8Array(capacity);
  let inChunk = 0;
  let chunks = 0;
  const flush = () => {
    for (const st of streams) st.writer.append(st.chunk.subarray(0, inChunk * k * st.width));
    inChunk = 0;
    chunks++;
  };
  for (let tick = 1; tick <= T; tick++) {
    const base = inChunk * k;
    for (let i = 0; i < k; i++) {
      const row = rows[i]!;
      for (const [st, source] of observed) {
        const w = st.width;
        st.chunk.set(source.subarray(row * w, (row + 1) * w), (base + i) * w);
      }
      (masks.chunk as Uint8Array).set(b.masks.subarray(row * nActions, (row + 1) * nActions), (base + i) * nActions);
    }
    // stepAsync is step() unless the shard has a worker pool (--workers).
    await shard.stepAsync();
    exited.fill(0);
    const e = shard.events;
    for (let j = 0; j < e.length; j++) if (e.kind[j] === EventKind.agent_exit) exited[e.agent[j]! - 1] = 1;
    for (let i = 0; i < k; i++) {
      const row = rows[i]!;
      acts.chunk[base + i] = s.life.alive[row + 1] === 1 || exited[row] === 1 ? shard.actions[row]! : 0;
      rewards.chunk[base + i] = b.rewards[row]!;
      terms.chunk[base + i] = exited[row]!;
      truncs.chunk[base + i] = tick === T && s.life.alive[row + 1] === 1 ? 1 : 0;
    }
    inChunk++;
    if (inChunk === chunkTicks || tick === T) flush();
  }
  for (const st of streams) st.writer.close();
  const manifest = {
    format: 'townlet-capture',
    version: 1,
    config_id: s.config.config_id,
    seed: s.config.seed,
    ticks: T,
    recorded_agents: k,
    capacity,
    recorded_rows: Array.from(rows),
    agent_ids_at_start: startIds,
    observation_spec: t.spec,
    action_names: actionNames(s.manifest.table.ids),
    files: Object.fromEntries(
      streams.map((st) => [
        `${st.name}.npy`,
        { dtype: st.descr, shape: [T, k, ...st.inner] },
      ]),
    ),
    chunking: { ticks_per_chunk: chunkTicks, chunks },
    semantics:
      'row t, agent i: the observation and mask agent i acted on in tick t (built at the end of t − 1), its action ' +
      'in t, the reward of t, terminations = its life ended in t, truncations = alive when the capture ended; ' +
      'an empty slot records zeros',
  };
  writeFileSync(join(spec.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
