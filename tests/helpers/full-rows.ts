import type { Shard } from '../../src/core/shard.js';
import { writeCoreFeatures, writeLandmarks, writePersonality, writeWork } from '../../src/tensors/features.js';
import { writeCompactMap, writeHybridMap } from '../../src/tensors/map-encoders.js';
import { observationContext } from '../../src/tensors/observation-context.js';
import { writeSocialSnippet } from '../../src/tensors/social-snippet.js';

/**
 * Rows as the writer would give them without its window cache or kept windows: every row zeroed element by
 * element, then every agent's own window built, then its features (into copies of the tensors, so the shard's are
 * untouched).
 */
export function uncachedRows(shard: Shard): { obs: Float32Array; map: Float32Array | Uint8Array } {
  const s = shard.state;
  const t = shard.tensors!;
  const b = t.buffers;
  const obs = new Float32Array((b.observations ?? b.obsFeatures!).length);
  const map = b.observations ? obs : new Uint8Array(b.obsMap!.length);
  const c = { ...observationContext(s, t, s.clock[0]!), obs, map };
  for (let eid = 1; eid <= s.layout.capacity; eid++) {
    if (s.life.alive[eid] !== 1) continue;
    const cx = s.positions.x[eid]!;
    const cy = s.positions.y[eid]!;
    const tile = cy * c.width + cx;
    const mapBase = (eid - 1) * c.mapStride;
    const base = (eid - 1) * c.featureStride + c.featureShift;
    if (t.spec.variant === 'compact') writeCompactMap(c, mapBase, base, cx, cy);
    else writeHybridMap(c, mapBase, base, cx, cy);
    writeCoreFeatures(c, base, eid, tile);
    writeWork(c, base, eid, cx, cy, tile);
    if (c.landmarks >= 0) writeLandmarks(c, base, cx, cy, tile);
    if (c.personality >= 0) writePersonality(c, base, eid);
    writeSocialSnippet(c, base, eid);
  }
  return { obs, map };
}
