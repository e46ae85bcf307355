import { sharedInt16, sharedInt32, sharedUint8, sharedUint16 } from './shared-arrays.js';

/** Moves a commute trail can hold; a longer way to work is walked but not retraced. */
export const TRAIL_CAPACITY = 512;
/** Bytes per agent of the trail: four 2-bit moves per byte. */
export const TRAIL_BYTES = TRAIL_CAPACITY / 4;

/** What the trail of an agent is doing (policy.trailMode). */
export const TrailMode = { none: 0, recording: 1, arrived: 2, returning: 3 } as const;

/**
 * What the scripted policy remembers between ticks, indexed by agent entity id. Only the scripted policy
 * reads or writes it (spawn clears it); a learned policy keeps its own memory.
 */
export function createPolicyMemory(capacity: number) {
  const n = capacity + 1;
  const memory = {
    /** Affordance the agent is committed to (walking to, queueing for or running; -1 = none). */
    intent: sharedInt16(n),
    /** Affordance that failed last (-1 = none) and the tick before which it is not tried again. */
    blocked: sharedInt16(n),
    blockedUntil: sharedInt32(n),
    /**
     * The way to work or to a meeting, recorded as it is walked (2 bits a move, TRAIL_BYTES per agent), so that
     * afterwards the agent retraces it home instead of using whatever is nearest to its workplace.
     */
    trail: sharedUint8(n * TRAIL_BYTES),
    /** Moves in the trail. */
    trailLength: sharedUint16(n),
    /** TrailMode, and what the trail was walked for (TrailFor in src/policy/commute-trail.ts). */
    trailMode: sharedUint8(n),
    trailFor: sharedUint8(n),
    /** Tile the agent must stand on for the trail to be valid (-1 = none); any other tile abandons it. */
    trailTile: sharedInt32(n),
  };
  memory.intent.fill(-1);
  memory.blocked.fill(-1);
  memory.trailTile.fill(-1);
  return memory;
}
export type PolicyMemory = ReturnType<typeof createPolicyMemory>;
