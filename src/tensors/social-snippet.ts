import type { ObsContext } from './observation-context.js';

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Dimension `d` of the embedding of partner slot `eid` in life `life`: a byte of an integer hash of the pair, ÷ 255,
 * so in [0, 1]. The same partner life always gets the same values; its replacement in the slot gets others.
 * (The reference hashed the id string with blake2s; hot loops do no string work.)
 */
export function partnerEmbedding(eid: number, life: number, d: number): number {
  return embeddingByte(embeddingWord(embeddingSeed(eid, life), d >> 2), d & 3);
}

/** The hash of a partner life every dimension of its embedding starts from. */
function embeddingSeed(eid: number, life: number): number {
  return mix32(Math.imul(eid, 0x9e3779b1) ^ mix32(life + 0x632be5ab));
}

/** Word `w` of an embedding: dimensions 4w … 4w + 3, a byte each. */
function embeddingWord(seed: number, w: number): number {
  return mix32(seed + Math.imul(w + 1, 0x7f4a7c15));
}

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/** byte ÷ 255 for every byte: a table read instead of a division per dimension (the same doubles). */
const UNIT_OF_BYTE = Float64Array.from({ length: 256 }, (_, b) => b / 255);

function embeddingByte(word: number, byte: number): number {
  return UNIT_OF_BYTE[(word >>> (byte * 8)) & 0xff]!;
}

/**
 * The social snippet (reference §5.3): `top_friends` slots for the live ties with the highest trust +
 * familiarity (above 0), then `top_rivals` slots for the other live ties with the highest rivalry (above 0);
 * ties go to the earlier edge. An agent with no live tie fills its rival slots from the rivalry ledger
 * (trust and familiarity 0). Slot = [embedding (embed_dim), trust, familiarity, rivalry]; empty slots are 0.
 * Aggregates: trust mean and max, rivalry mean and max over the filled slots (0 when none).
 */
export function writeSocialSnippet(c: ObsContext, base: number, eid: number): void {
  const { s, obs } = c;
  const social = s.social;
  const { alive, life } = s.life;
  const spec = c.t.spec;
  const slotDim = spec.socialSlotDim;
  const embedDim = slotDim - 3;
  const friends = s.config.observations.social_snippet.top_friends;
  const slots = spec.socialSlots;
  if (slots === 0 || social.ownerLife[eid] !== life[eid]) return;
  let at = base + c.social;
  let filled = 0;
  let trustSum = 0;
  let trustMax = -INF;
  let rivalrySum = 0;
  let rivalryMax = -INF;
  const tieBase = eid * social.tieK;
  const tieCount = social.tieCount[eid]!;
  // Live ties as a bit mask (K ≤ 32), so picking the top N allocates nothing.
  let live = 0;
  for (let j = 0; j < tieCount; j++) {
    const b = social.tiePartner[tieBase + j]!;
    if (alive[b] === 1 && life[b] === social.tiePartnerLife[tieBase + j]) live |= 1 << j;
  }
  // The top friends, then the top rivals among the other live ties: one pass over the ledger each.
  const friendsFound = topTies(social, tieBase, tieCount, live, true, friends, friendPick);
  let picked = 0;
  for (let p = 0; p < friendsFound; p++) picked |= 1 << friendPick[p]!;
  const rivalsFound = topTies(social, tieBase, tieCount, live & ~picked, false, slots - friends, rivalPick);
  for (let slot = 0; slot < slots; slot++) {
    const rival = slot >= friends;
    const p = rival ? slot - friends : slot;
    if (p >= (rival ? rivalsFound : friendsFound)) {
      at += slotDim;
      continue;
    }
    const i = tieBase + (rival ? rivalPick[p]! : friendPick[p]!);
    const trust = social.trust[i]!;
    const rivalry = social.rivalry[i]!;
    const familiarity = social.familiarity[i]!;
    writeEmbedding(obs, at, social.tiePartner[i]!, social.tiePartnerLife[i]!, embedDim);
    obs[at + embedDim] = trust;
    obs[at + embedDim + 1] = familiarity;
    obs[at + embedDim + 2] = rivalry;
    at += slotDim;
    filled++;
    trustSum += trust;
    rivalrySum += rivalry;
    if (trust > trustMax) trustMax = trust;
    if (rivalry > rivalryMax) rivalryMax = rivalry;
  }
  if (live === 0) {
    // Fallback: the rivalry ledger fills the rival slots.
    at = base + c.social + friends * slotDim;
    const rBase = eid * social.rivalryK;
    const rCount = social.rivalryCount[eid]!;
    let rPicked = 0;
    for (let slot = friends; slot < slots; slot++) {
      let best = -1;
      let bestValue = 0;
      for (let j = 0; j < rCount; j++) {
        const i = rBase + j;
        const b = social.rivalryPartner[i]!;
        if ((rPicked & (1 << j)) !== 0 || alive[b] !== 1 || life[b] !== social.rivalryPartnerLife[i]) continue;
        if (social.rivalryScore[i]! > bestValue) {
          best = j;
          bestValue = social.rivalryScore[i]!;
        }
      }
      if (best < 0) break;
      rPicked |= 1 << best;
      const i = rBase + best;
      writeEmbedding(obs, at, social.rivalryPartner[i]!, social.rivalryPartnerLife[i]!, embedDim);
      obs[at + embedDim] = 0;
      obs[at + embedDim + 1] = 0;
      obs[at + embedDim + 2] = bestValue;
      at += slotDim;
      filled++;
      trustMax = Math.max(trustMax, 0);
      rivalrySum += bestValue;
      if (bestValue > rivalryMax) rivalryMax = bestValue;
    }
  }
  if (c.aggregates < 0 || filled === 0) return;
  const agg = base + c.aggregates;
  obs[agg] = trustSum / filled;
  obs[agg + 1] = trustMax;
  obs[agg + 2] = rivalrySum / filled;
  obs[agg + 3] = rivalryMax;
}

/** Scratch of topTies (top_friends and top_rivals are at most 8 each): ledger positions and their values. */
const friendPick = new Int32Array(8);
const rivalPick = new Int32Array(8);
const pickValue = new Float64Array(8);

/**
 * The ledger positions (within the agent's ties) of the `n` ties of `candidates` (a bit per position) with the
 * highest value above 0 (friends: trust + familiarity; rivals: rivalry), highest first, ties to the earlier
 * position, into `out`; returns how many. The same picks as taking the best remaining tie n times.
 */
function topTies(
  social: ObsContext['s']['social'],
  tieBase: number,
  tieCount: number,
  candidates: number,
  friend: boolean,
  n: number,
  out: Int32Array,
): number {
  let found = 0;
  for (let j = 0; j < tieCount; j++) {
    if ((candidates & (1 << j)) === 0) continue;
    const i = tieBase + j;
    const value = friend ? social.trust[i]! + social.familiarity[i]! : social.rivalry[i]!;
    if (!(value > 0)) continue;
    // Insert after every kept tie with a value at least as high.
    let p = found < n ? found : n;
    while (p > 0 && value > pickValue[p - 1]!) p--;
    if (p >= n) continue;
    for (let q = found < n ? found : n - 1; q > p; q--) {
      out[q] = out[q - 1]!;
      pickValue[q] = pickValue[q - 1]!;
    }
    out[p] = j;
    pickValue[p] = value;
    if (found < n) found++;
  }
  return found;
}

/**
 * The embedding part of a slot (the caller writes trust, familiarity and rivalry itself: a double passed to a call
 * that is not inlined is boxed, a heap number per agent).
 */
function writeEmbedding(obs: Float32Array, at: number, partner: number, partnerLife: number, embedDim: number): void {
  // One seed per partner and one hash word per four dimensions (partnerEmbedding's values, a sixth of the hashing).
  const seed = embeddingSeed(partner, partnerLife);
  let word = 0;
  for (let d = 0; d < embedDim; d++) {
    if ((d & 3) === 0) word = embeddingWord(seed, d >> 2);
    obs[at + d] = embeddingByte(word, d & 3);
  }
}
