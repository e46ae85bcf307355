import { sharedInt32, sharedUint8, sharedUint16, sharedUint32 } from './shared-arrays.js';

/**
 * Lifecycle of each agent slot, indexed by agent entity id. A slot holds one life at a time; when it exits, a
 * respawn ticket (respawnAt) brings a replacement with a new id. Written by the lifecycle and respawn systems.
 */
export function createLife(capacity: number) {
  const n = capacity + 1;
  const life = {
    /** 1 while an agent occupies the slot. */
    alive: sharedUint8(n),
    /** Life number of the slot: 0 for the first agent, n for its n-th replacement (id `<origin>#n`). */
    life: sharedUint32(n),
    /** Tick the current life began. */
    bornTick: sharedInt32(n),
    /** Tick a pending replacement is due (-1 = no ticket). */
    respawnAt: sharedInt32(n),
    /** Tick of the slot's last replacement (-1 = never). */
    lastRespawnTick: sharedInt32(n),
    /** Day index `respawnsToday` counts for. */
    respawnDay: sharedInt32(n),
    /** Replacements of this slot on day `respawnDay`. */
    respawnsToday: sharedUint16(n),
    /** Exit reason code of the last exit (EXIT_REASONS, 0 = none yet). */
    exitReason: sharedUint8(n),
  };
  life.respawnAt.fill(-1);
  life.lastRespawnTick.fill(-1);
  return life;
}
export type Life = ReturnType<typeof createLife>;
