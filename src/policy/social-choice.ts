import { Action, MOVE_DX, MOVE_DY } from '../actions/action-space.js';
import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { chatPartner, ensureAgentIndex } from '../social/chat.js';
import { avoids } from '../social/rivalry.js';

/**
 * The action of an agent whose needs are met: `chat` on its turn — behavior.chat_interval_ticks > 0 and
 * (tick + eid) % max(1, round(interval ÷ chatPreference)) == 0 — when the partner the chat would pick
 * (chatPartner) exists and is not avoided, and its chat cooldown is over; else -1. Reads config, personality,
 * positions, the agent index (built at most once per tick) and the ledgers. Writes nothing but that index.
 */
export function socialAction(s: ShardState, eid: number, tick: number): number {
  const interval = s.config.behavior.chat_interval_ticks;
  const preference = s.personality.chatPreference[eid]!;
  if (interval <= 0 || !(preference > 0)) return -1;
  if ((tick + eid) % Math.max(1, Math.round(interval / preference)) !== 0) return -1;
  if (tick < s.social.chatReadyAt[eid]!) return -1; // the town's chat cooldown (docs/SOCIAL.md)
  ensureAgentIndex(s, tick);
  const partner = chatPartner(s, eid);
  return partner === 0 || avoids(s, eid, partner) ? -1 : Action.chat;
}

/**
 * Rival avoidance for agent `eid` beside an object of affordance k's type (docs/SOCIAL.md): if every such
 * adjacent object is held by an agent it avoids, or has one in its line ahead of it, it turns away: a
 * rival_avoided event (other = the rival) and a move to the orthogonal walkable tile farthest from the rival
 * (Manhattan; never closer; first of north, south, east, west on ties), or noop when none. -1 when there is
 * nothing to avoid (no rivalry edges, a shared affordance, or an object it holds or may queue for).
 * Reads queues, reservations, objects, the ledgers, the grid. Writes events.
 */
export function avoidRivalAction(s: ShardState, eid: number, k: number, _tick: number): number {
  if (s.social.rivalryCount[eid] === 0) return -1;
  const table = s.manifest.table;
  if (table.exclusive[k] === 0) return -1;
  const type = table.objectType[k]!;
  const { width, height } = s.grid;
  const x = s.positions.x[eid]!;
  const y = s.positions.y[eid]!;
  let rival = 0;
  let rivalObject = -1;
  for (let d = 0; d < 4; d++) {
    const nx = x + MOVE_DX[d]!;
    const ny = y + MOVE_DY[d]!;
    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
    const object = s.objectIndex[ny * width + nx]!;
    if (object < 0 || s.objects.type[object] !== type) continue;
    const r = rivalAt(s, eid, object);
    if (r === 0) return -1; // this object can be asked for without queueing behind a rival
    if (rival === 0) {
      rival = r;
      rivalObject = object;
    }
  }
  if (rival === 0) return -1;
  s.events.emit(EventKind.rival_avoided, eid, rivalObject + 1, rival);
  return stepAway(s, x, y, s.positions.x[rival]!, s.positions.y[rival]!);
}

/** The first agent `eid` avoids among object's holder and the agents in its line ahead of `eid`; 0 = none. */
function rivalAt(s: ShardState, eid: number, object: number): number {
  const holder = s.reservations.holder[object]!;
  if (holder === eid) return 0;
  if (holder !== 0 && avoids(s, eid, holder)) return holder;
  const q = s.queues;
  for (let a = q.head[object]!; a !== 0 && a !== eid; a = q.next[a]!) if (avoids(s, eid, a)) return a;
  return 0;
}

/** The move to the walkable orthogonal tile farthest (Manhattan) from (rx, ry), never closer; noop if none. */
function stepAway(s: ShardState, x: number, y: number, rx: number, ry: number): number {
  const { width, height, walkable } = s.grid;
  const here = Math.abs(x - rx) + Math.abs(y - ry);
  let best: number = Action.noop;
  let bestDistance = here - 1;
  for (let d = 0; d < 4; d++) {
    const nx = x + MOVE_DX[d]!;
    const ny = y + MOVE_DY[d]!;
    if (nx < 0 || ny < 0 || nx >= width || ny >= height || walkable[ny * width + nx] !== 1) continue;
    const distance = Math.abs(nx - rx) + Math.abs(ny - ry);
    if (distance > bestDistance) {
      best = Action.moveNorth + d;
      bestDistance = distance;
    }
  }
  return best;
}
