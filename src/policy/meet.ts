import { Action } from '../actions/action-space.js';
import type { ShardState } from '../core/shard-state.js';
import { meetingField } from '../perturbations/meeting.js';
import { SLOT_ACTIVE, slotOf } from '../perturbations/perturbation-state.js';
import { UNREACHABLE } from '../world/distance-fields.js';

/**
 * The scripted policy's meeting decision for agent `eid`: -1 unless it is assigned to an active arranged meet
 * (perturbations.meetEvent) that started in its own life; then one step down the meeting object's distance field
 * (north, south, east, west: the first closer tile), or noop once beside the object, until the event ends. An
 * unreachable meeting point gives -1 (the agent goes on with its day). Reads perturbations, positions, life,
 * the meeting field (built on first use); writes nothing.
 */
export function meetAction(s: ShardState, eid: number, _tick: number): number {
  const p = s.perturbations;
  const id = p.meetEvent[eid]!;
  if (id === 0) return -1;
  const slot = slotOf(p, id);
  // A replacement in the slot was not invited: the assignment belongs to the life that started before the event.
  if (slot < 0 || p.status[slot] !== SLOT_ACTIVE || s.life.bornTick[eid]! > p.startsAt[slot]!) return -1;
  const field = meetingField(s, p.location[slot]!);
  const width = s.grid.width;
  const t = s.positions.y[eid]! * width + s.positions.x[eid]!;
  const d = field[t]!;
  if (d === 0) return Action.noop;
  if (d === UNREACHABLE) return -1;
  const x = t % width;
  if (t >= width && field[t - width]! < d) return Action.moveNorth;
  if (t + width < field.length && field[t + width]! < d) return Action.moveSouth;
  if (x + 1 < width && field[t + 1]! < d) return Action.moveEast;
  if (x > 0 && field[t - 1]! < d) return Action.moveWest;
  return Action.noop;
}
