import { z } from 'zod';

/** A console request's body on every transport: {args?, cmd_id?, dry_run?, wait?}; anything else is `usage`. */
export const envelope = z.strictObject({
  args: z.unknown().optional(),
  cmd_id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/).optional(),
  dry_run: z.boolean().optional(),
  wait: z.boolean().optional(),
});
