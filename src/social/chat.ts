import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { relate, TieCause } from './deltas.js';
import { avoids } from './rivalry.js';
import { tieIndex, tieScore } from './ties.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/**
 * Builds the agent index for this tick's start-of-tick positions unless it is already built (once per tick,
 * shared by the policy and the actions). Reads positions and the live list.
 */
export function ensureAgentIndex(s: ShardState, tick: number): void {
  if (!s.agentIndex.builtFor(tick)) s.agentIndex.ensure(s.live.ids(s.life.alive), s.positions.x, s.positions.y, tick);
}

/**
 * Whom `eid` would chat with: of the other agents within Chebyshev distance 1, the one with the highest
 * tieScore from `eid` (trust + familiarity − rivalry, 0 without a tie); ties go to the lowest id. 0 = nobody.
 * The agent index must be built for this tick (ensureAgentIndex). Reads the index and the ties.
 */
export function chatPartner(s: ShardState, eid: number): number {
  const { width, height } = s.grid;
  const index = s.agentIndex;
  const x = s.positions.x[eid]!;
  const y = s.positions.y[eid]!;
  const noTies = s.social.tieCount[eid] === 0;
  let best = 0;
  let bestScore = -INF;
  for (let ny = y - 1; ny <= y + 1; ny++) {
    if (ny < 0 || ny >= height) continue;
    for (let nx = x - 1; nx <= x + 1; nx++) {
      if (nx < 0 || nx >= width) continue;
      for (let other = index.first(ny * width + nx); other !== 0; other = index.next(other)) {
        if (other === eid) continue;
        const score = noTies ? 0 : tieScore(s, eid, other);
        if (score > bestScore || (score === bestScore && other < best)) {
          best = other;
          bestScore = score;
        }
      }
    }
  }
  return best;
}

/**
 * Quality of a chat from speaker a to partner b, in [0, 1]:
 * clamp(0.5 + 0.15 × (extroversion a + extroversion b) + 0.2 × trust − 0.2 × rivalry, 0, 1),
 * with a's tie to b (0 without one). Reads personality and ties.
 */
export function chatQuality(s: ShardState, a: number, b: number): number {
  const ext = s.personality.extroversion;
  const i = tieIndex(s, a, b);
  const trust = i < 0 ? 0 : s.social.trust[i]!;
  const rivalry = i < 0 ? 0 : s.social.rivalry[i]!;
  const q = 0.5 + 0.15 * (ext[a]! + ext[b]!) + 0.2 * trust - 0.2 * rivalry;
  return q < 0 ? 0 : q > 1 ? 1 : q;
}

/**
 * Speaker a chats with partner b. If a avoids b (rivalry ≥ avoid_threshold) the chat fails: chat_failure
 * event, familiarity −0.05 and tie rivalry +0.05 both ways. Otherwise a chat event (value = quality q) and trust
 * +0.05·q, familiarity +0.10·q both ways. Writes ties, events.
 */
export function chat(s: ShardState, a: number, b: number): void {
  if (avoids(s, a, b)) {
    s.events.emit(EventKind.chat_failure, a, 0, b);
    relate(s, a, b, TieCause.chatFailure, 0, -0.05, 0.05, 0);
    return;
  }
  const q = chatQuality(s, a, b);
  s.events.emit(EventKind.chat, a, 0, b, q);
  relate(s, a, b, TieCause.chatSuccess, 0.05 * q, 0.1 * q, 0, 0);
}
