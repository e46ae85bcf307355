import { Action } from '../actions/action-space.js';
import type { ShardState } from '../core/shard-state.js';
import { meetingField } from '../perturbations/meeting.js';
import { SLOT_ACTIVE, slotOf } from '../perturbations/perturbation-state.js';
import { stepDown, UNREACHABLE } from '../world/tile-field.js';
import { arrived, recordMove, stepBack, TrailFor } from './commute-trail.js';

/**
 * The scripted policy's meeting decision for agent `eid`: -1 unless it is assigned to an active arranged meet
 * (perturbations.meetEvent) that started in its own life; then one step down the meeting object's distance field
 * (north, south, east, west: the first closer tile), or noop once beside the object, until the event ends; then
 * the way back along the trail it walked there (src/policy/commute-trail.ts), so that it does not empty the
 * fridges nearest the meeting point. An unreachable meeting point gives -1 (the agent goes on with its day).
 * Reads perturbations, positions, life, the meeting field (built on first use); writes the policy's trail.
 */
export function meetAction(s: ShardState, eid: number, _tick: number): number {
  const p = s.perturbations;
  const id = p.meetEvent[eid]!;
  const width = s.grid.width;
  if (id === 0) {
    // The meeting ended (perhaps before the agent got there): walk back the way it came.
    if (s.policyMemory.trailFor[eid] !== TrailFor.meeting) return -1;
    return stepBack(s.policyMemory, eid, s.positions.y[eid]! * width + s.positions.x[eid]!, width, TrailFor.meeting);
  }
  const t = s.positions.y[eid]! * width + s.positions.x[eid]!;
  const slot = slotOf(p, id);
  // A replacement in the slot was not invited: the assignment belongs to the life that started before the event.
  if (slot < 0 || p.status[slot] !== SLOT_ACTIVE || s.life.bornTick[eid]! > p.startsAt[slot]!) {
    return stepBack(s.policyMemory, eid, t, width, TrailFor.meeting);
  }
  const field = meetingField(s, p.location[slot]!);
  const d = field[t]!;
  if (d === 0) {
    arrived(s.policyMemory, eid, t, TrailFor.meeting);
    return Action.noop;
  }
  if (d === UNREACHABLE) return -1;
  const act = stepDown(field, t, d, width);
  recordMove(s.policyMemory, eid, t, act, width, TrailFor.meeting);
  return act;
}
