import { z } from 'zod';
import { PROFILE_NAMES } from '../personality/profiles.js';
import { flag, section, unit } from './schema-helpers.js';

const profileName = z.enum(PROFILE_NAMES).describe(`a profile: ${PROFILE_NAMES.join(', ')}`);

/** `personalities`: how profiles are assigned to agents. */
export const personalitiesSchema = section(
  {
    distribution: z
      .partialRecord(profileName, z.number().min(0).max(1_000_000))
      .default({ balanced: 1 })
      .refine((d) => Object.values(d).some((w) => (w ?? 0) > 0), { message: 'expected at least one weight > 0' })
      .describe('profile → weight; each agent draws a profile with these relative weights (hash of seed and agent id)'),
    overrides: z
      .record(z.string().min(1).max(64), profileName)
      .default({})
      .describe('agent id → profile, for named agents (scenario agents)'),
    relationship_modifiers: flag(
      true,
      'traits shape relationship changes: forgiveness softens losses, extroversion adds chat familiarity, ambition sharpens conflicts',
    ),
  },
  'personality profiles',
);

/** `nightly_reset`: what happens at the end of each day (tick % ticks_per_day == 0). */
export const nightlyResetSchema = section(
  {
    enabled: flag(true, 'run the nightly reset at the day boundary'),
    go_home: flag(true, 'idle agents (not running an affordance) leave their lines and return to their home tile'),
    needs_floor: unit(0, 'needs below this are raised to it (the reference uses 0.5; 0 = off)'),
  },
  'nightly reset at the day boundary',
);
