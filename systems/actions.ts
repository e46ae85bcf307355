import { Action, ActionResult, InvalidReasonCode, MOVE_DX, MOVE_DY, USE_BASE } from '../src/actions/action-space.js';
import { adjacentObject } from '../src/affordances/adjacent-object.js';
import { abortAffordance, startAffordance } from '../src/affordances/affordance-runtime.js';
import { FailReasonCode } from '../src/affordances/fail-reasons.js';
import { letGo, Request, requestObject } from '../src/affordances/queue-ops.js';
import { EventKind } from '../src/core/event-kinds.js';
import type { ShardState } from '../src/core/shard-state.js';
import { TOTAL_INVALID_ACTIONS } from '../src/core/totals.js';
import { chat, chatPartner, ensureAgentIndex } from '../src/social/chat.js';

/**
 * Actions and movement (tick phase 5): validates and applies each live agent's action from the action buffer
 * (docs/ACTIONS.md). Reads: actions.buffer, positions, grid, object index, activity, queues, manifest table.
 * Writes: positions, actions.last/result, queues and reservations (through queue-ops), activity (starts),
 * totals, events. An action that cannot apply becomes a no-op, is counted and writes an invalid_action event.
 *
 * Noop and invalid actions keep an agent's hold and place in line; moving, chatting, using another object or
 * releasing gives them up. A busy agent (running an affordance) may only noop, repeat that use, or release.
 * Chats pair agents by their positions at the start of the tick (what the policy saw): the agent index is
 * built before any move, and chats are resolved after the loop (src/social/chat.ts; docs/SOCIAL.md).
 */
export function actionSystem(s: ShardState, tick: number): void {
  const { buffer, last, result } = s.actions;
  const busyWith = s.activity.affordance;
  const { holds, waitingFor } = s.queues;
  const objectType = s.objects.type;
  const affordanceType = s.manifest.table.objectType;
  const px = s.positions.x;
  const py = s.positions.y;
  const { width, height, walkable } = s.grid;
  const useLimit = USE_BASE + s.manifest.table.count;
  const ids = s.live.ids(s.life.alive);
  if (anyChat(buffer, ids)) ensureAgentIndex(s, tick);
  let chats = 0;
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    const act = buffer[eid - 1]!;
    last[eid] = act;
    const busy = busyWith[eid]! >= 0;
    if (act < 0 || act >= useLimit) {
      invalid(s, eid, act, InvalidReasonCode.unknown_action);
    } else if (act === Action.noop) {
      result[eid] = busy ? ActionResult.running : ActionResult.none;
    } else if (act === Action.release) {
      if (busy) {
        abortAffordance(s, eid, tick, FailReasonCode.released);
        result[eid] = ActionResult.released;
      } else if (holds[eid]! >= 0 || waitingFor[eid]! >= 0) {
        letGo(s, eid, tick);
        result[eid] = ActionResult.released;
      } else {
        invalid(s, eid, act, InvalidReasonCode.nothing_to_release);
      }
    } else if (busy) {
      if (act === USE_BASE + busyWith[eid]!) result[eid] = ActionResult.running;
      else invalid(s, eid, act, InvalidReasonCode.busy);
    } else if (act >= Action.moveNorth && act <= Action.moveWest) {
      const x = px[eid]! + MOVE_DX[act - 1]!;
      const y = py[eid]! + MOVE_DY[act - 1]!;
      if (x < 0 || y < 0 || x >= width || y >= height || walkable[y * width + x] !== 1) {
        invalid(s, eid, act, InvalidReasonCode.blocked_move);
      } else {
        if (holds[eid]! >= 0 || waitingFor[eid]! >= 0) letGo(s, eid, tick);
        px[eid] = x;
        py[eid] = y;
        result[eid] = ActionResult.moved;
      }
    } else if (act === Action.chat) {
      s.scratch[chats++] = eid;
    } else if (waitingFor[eid]! >= 0 && objectType[waitingFor[eid]!] === affordanceType[act - USE_BASE]) {
      // Still in line for an object of this type: it is beside the agent (leaving the tile leaves the line)
      // and the one use() would pick, so the answer is the same "queued", without the search.
      result[eid] = ActionResult.queued;
    } else {
      use(s, eid, act - USE_BASE, tick);
    }
  }
  if (chats > 0) resolveChats(s, chats, tick);
}

/** Use affordance k on the best adjacent object of its type: the one held or waited for, else a free one. */
function use(s: ShardState, eid: number, k: number, tick: number): void {
  const table = s.manifest.table;
  const object = adjacentObject(s, eid, table.objectType[k]!, tick);
  if (object < 0) {
    invalid(s, eid, USE_BASE + k, InvalidReasonCode.no_adjacent_object);
    return;
  }
  if (table.exclusive[k] === 0) {
    letGo(s, eid, tick);
    startAffordance(s, eid, object, k, tick);
    return;
  }
  const outcome = requestObject(s, eid, object, tick);
  if (outcome === Request.granted) startAffordance(s, eid, object, k, tick);
  else s.actions.result[eid] = outcome === Request.queued ? ActionResult.queued : ActionResult.cooldown;
}

/** Whether any live agent's action is a chat (then the index is built before anyone moves). */
function anyChat(buffer: Int32Array, ids: Uint32Array): boolean {
  for (let i = 0; i < ids.length; i++) if (buffer[ids[i]! - 1] === Action.chat) return true;
  return false;
}

/**
 * The chats of this tick, in slot order, on the start-of-tick index (a chatter does not move, so its own tile
 * is the same). A speaker within its chat cooldown (conflict.relationships.chat_cooldown_ticks after its last
 * chat) is refused. A chat with a partner is valid even when it fails (the speaker avoids the partner).
 */
function resolveChats(s: ShardState, chats: number, tick: number): void {
  const readyAt = s.social.chatReadyAt;
  const cooldown = s.config.conflict.relationships.chat_cooldown_ticks;
  for (let i = 0; i < chats; i++) {
    const eid = s.scratch[i]!;
    if (tick < readyAt[eid]!) {
      invalid(s, eid, Action.chat, InvalidReasonCode.chat_cooldown);
      continue;
    }
    const partner = chatPartner(s, eid);
    if (partner === 0) {
      invalid(s, eid, Action.chat, InvalidReasonCode.no_chat_partner);
      continue;
    }
    letGo(s, eid, tick);
    s.actions.result[eid] = ActionResult.chatted;
    readyAt[eid] = tick + cooldown;
    chat(s, eid, partner);
  }
}

function invalid(s: ShardState, eid: number, act: number, reason: number): void {
  s.actions.result[eid] = ActionResult.invalid;
  s.totals.values[TOTAL_INVALID_ACTIONS]! += 1;
  s.events.emit(EventKind.invalid_action, eid, 0, act, reason);
}
