import type { TownConfig } from '../config/schema.js';
import { PROFILE_NAMES, profileCode } from './profiles.js';

/**
 * The profile of agent `id`: its override (for a replacement `<origin>#n`, the origin's), else a draw against
 * personalities.distribution from a hash of config_id, seed and the id. The draw depends on nothing but those,
 * so an agent's profile is the same whatever order agents spawn in. Runs at spawn, never per tick.
 */
export function assignProfile(config: TownConfig, id: string): number {
  const { overrides, distribution } = config.personalities;
  const hash = id.indexOf('#');
  const named = overrides[id] ?? overrides[hash < 0 ? id : id.slice(0, hash)];
  if (named !== undefined) return profileCode(named);
  let total = 0;
  for (const name of PROFILE_NAMES) total += distribution[name] ?? 0;
  const u = (mix32(fnv1a(`${config.config_id}:${config.seed}:${id}`)) / 0x1_0000_0000) * total;
  let acc = 0;
  let last = 0;
  for (let code = 0; code < PROFILE_NAMES.length; code++) {
    const w = distribution[PROFILE_NAMES[code]!] ?? 0;
    if (w <= 0) continue;
    acc += w;
    last = code;
    if (u < acc) return code;
  }
  return last;
}

/** Avalanche step: FNV-1a alone leaves ids that differ in their last digit too close together. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a over the string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
