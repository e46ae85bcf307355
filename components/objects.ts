import { sharedInt16, sharedInt32, sharedUint8, sharedUint32 } from './shared-arrays.js';

/**
 * Interactive objects (fridges, stoves, showers, beds, workplaces), indexed by object row 0..count-1
 * (entity id = objectBase + row). Objects block their tile; agents use them from a neighbouring tile.
 */
export function createObjects(count: number) {
  const objects = {
    /** Object type code (the shard's object type table). */
    type: sharedUint8(count),
    x: sharedInt16(count),
    y: sharedInt16(count),
    /** Meals on hand (fridges, and stoves after cooking). */
    meals: sharedInt32(count),
    /** Raw ingredients (stoves). */
    ingredients: sharedInt32(count),
    /** Agent entity id running an exclusive affordance on the object (0 = free). */
    occupant: sharedUint32(count),
    /** Utilities: 1 = on (perturbations switch them off). Preconditions read them as power_on / water_on. */
    power: sharedUint8(count),
    water: sharedUint8(count),
    /** Building the object stands in (-1 = none). */
    building: sharedInt32(count),
    /** Job index a workplace serves (-1 for other objects). */
    job: sharedInt16(count),
  };
  objects.power.fill(1);
  objects.water.fill(1);
  return objects;
}
export type Objects = ReturnType<typeof createObjects>;
