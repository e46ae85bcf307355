/**
 * bitecs tag components (empty objects): what kind of entity an id is and whether an agent is alive.
 * Agents are pooled: a slot's entity lives for the whole run and only the Alive tag flips, because entity
 * churn is slow in bitecs 0.4 and slot ids are tensor rows.
 */
export function createTags() {
  return { Agent: {}, Alive: {}, InteractiveObject: {}, Reservation: {} };
}
export type Tags = ReturnType<typeof createTags>;
