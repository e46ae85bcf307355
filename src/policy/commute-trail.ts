import { Action, MOVE_DX, MOVE_DY } from '../actions/action-space.js';
import { TRAIL_BYTES, TRAIL_CAPACITY, TrailMode, type PolicyMemory } from '../../components/policy-memory.js';

/**
 * The trail: the moves an agent made on its way to work or to a meeting, kept so that it can walk the same way
 * back afterwards (home, rather than to whatever is nearest its workplace). Valid only while the agent stands
 * where the trail says (policy.trailTile): any other move (a critical need, the nightly reset) abandons it. A
 * trail has a purpose (TrailFor); walking for another purpose starts a new trail. Moves are stored as 2-bit
 * codes (action − Action.moveNorth).
 */

/** What a trail was walked for (policy.trailFor). */
export const TrailFor = { work: 1, meeting: 2 } as const;

/**
 * Records move `act` (a move action) taken from tile `t` towards `purpose`; starts a new trail when the agent
 * is off its trail or was walking for something else.
 */
export function recordMove(m: PolicyMemory, eid: number, t: number, act: number, width: number, purpose: number): void {
  if (m.trailMode[eid] !== TrailMode.recording || m.trailTile[eid] !== t || m.trailFor[eid] !== purpose) {
    m.trailMode[eid] = TrailMode.recording;
    m.trailFor[eid] = purpose;
    m.trailLength[eid] = 0;
  }
  const n = m.trailLength[eid]!;
  const code = act - Action.moveNorth;
  m.trailTile[eid] = t + MOVE_DY[code]! * width + MOVE_DX[code]!;
  if (n >= TRAIL_CAPACITY) return; // too long to retrace; the tile check above still tracks it
  const byte = eid * TRAIL_BYTES + (n >> 2);
  const shift = (n & 3) * 2;
  m.trail[byte] = (m.trail[byte]! & ~(3 << shift)) | (code << shift);
  m.trailLength[eid] = n + 1;
}

/** Marks the agent arrived on tile `t` for `purpose`: the trail (if it led here and fits) can be retraced later. */
export function arrived(m: PolicyMemory, eid: number, t: number, purpose: number): void {
  if (m.trailMode[eid] === TrailMode.arrived && m.trailTile[eid] === t && m.trailFor[eid] === purpose) return;
  const fits =
    m.trailMode[eid] === TrailMode.recording &&
    m.trailTile[eid] === t &&
    m.trailFor[eid] === purpose &&
    m.trailLength[eid]! < TRAIL_CAPACITY;
  m.trailMode[eid] = fits ? TrailMode.arrived : TrailMode.none;
  m.trailTile[eid] = fits ? t : -1;
}

/**
 * The next move back along the trail walked for `purpose`, for an agent on tile `t`; -1 when there is none (a
 * trail for another purpose is left alone; an invalid or finished one is dropped). Pops the move.
 */
export function stepBack(m: PolicyMemory, eid: number, t: number, width: number, purpose: number): number {
  const mode = m.trailMode[eid];
  if (mode === TrailMode.none || m.trailFor[eid] !== purpose) return -1;
  // A trail still being recorded (the walk was cut short) is walked back too, if it fits.
  const whole = mode !== TrailMode.recording || m.trailLength[eid]! < TRAIL_CAPACITY;
  if (!whole || m.trailTile[eid] !== t) return abandon(m, eid);
  const n = m.trailLength[eid]!;
  if (n === 0) return abandon(m, eid);
  const code = (m.trail[eid * TRAIL_BYTES + ((n - 1) >> 2)]! >> (((n - 1) & 3) * 2)) & 3;
  // North ↔ south and east ↔ west are codes 0 ↔ 1 and 2 ↔ 3.
  const back = code ^ 1;
  m.trailMode[eid] = TrailMode.returning;
  m.trailLength[eid] = n - 1;
  m.trailTile[eid] = t + MOVE_DY[back]! * width + MOVE_DX[back]!;
  return Action.moveNorth + back;
}

function abandon(m: PolicyMemory, eid: number): number {
  m.trailMode[eid] = TrailMode.none;
  m.trailLength[eid] = 0;
  m.trailTile[eid] = -1;
  return -1;
}
