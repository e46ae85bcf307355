import { int, section } from './schema-helpers.js';

/** `env`: the trainer-facing environment (src/env). */
export const envSchema = section(
  {
    episode_ticks: int(1, 1_000_000_000, 1440, 'ticks in an episode; at its end every live agent is truncated'),
  },
  'the env API',
);
