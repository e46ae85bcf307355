import { z } from 'zod';
import { listPerturbations, schedulePerturbation } from '../../perturbations/perturbation-api.js';
import { specAt } from '../../perturbations/scheduler.js';
import { chat } from '../../social/chat.js';
import { tieBetween } from '../../social/social-api.js';
import { refuse } from '../codes.js';
import { command } from '../command.js';
import { liveAgent } from './agents.js';

/** force_chat {speaker, listener}: the speaker chats with the listener now, wherever they stand. */
export const forceChatCommand = command({
  name: 'force_chat',
  summary: 'make one live agent chat with another now (the usual chat rules: quality, ties, a rival refuses)',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({ speaker: z.string(), listener: z.string() }),
  validate: (_ctx, a) => {
    if (a.speaker === a.listener) refuse('invalid_args', `args.listener: expected another agent than the speaker, found "${a.listener}"`);
  },
  check: (ctx, a) => {
    liveAgent(ctx.shard.state, a.speaker, 'speaker');
    liveAgent(ctx.shard.state, a.listener, 'listener');
  },
  run: (ctx, a) => {
    ctx.shard.guard('force_chat');
    const s = ctx.shard.state;
    chat(s, liveAgent(s, a.speaker, 'speaker'), liveAgent(s, a.listener, 'listener'));
    return {
      speaker: a.speaker,
      listener: a.listener,
      speaker_tie: tieBetween(s, a.speaker, a.listener),
      listener_tie: tieBetween(s, a.listener, a.speaker),
    };
  },
});

/**
 * arrange_meet {spec, starts_in?, duration?}: schedules an arranged_meet spec of the config; its participants are
 * drawn as for a chance meeting (naming them is not supported yet).
 */
export const arrangeMeetCommand = command({
  name: 'arrange_meet',
  summary: 'schedule an arranged_meet perturbation spec (participants drawn as for a chance meeting)',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({
    spec: z.string(),
    starts_in: z.number().int().min(0).max(1_000_000).optional(),
    duration: z.number().int().min(1).max(1_000_000).optional(),
  }),
  check: (ctx, a) => {
    const s = ctx.shard.state;
    const meets = s.perturbations.specs.filter((_name, i) => specAt(s, i).kind === 'arranged_meet');
    if (!meets.includes(a.spec)) refuse('not_found', `args.spec: expected an arranged_meet spec (${meets.join(', ') || 'none'}), found "${a.spec}"`);
  },
  run: (ctx, a) => {
    ctx.shard.guard('arrange_meet');
    const id = schedulePerturbation(ctx.shard.state, a.spec, {
      ...(a.starts_in !== undefined ? { startsIn: a.starts_in } : {}),
      ...(a.duration !== undefined ? { duration: a.duration } : {}),
    });
    return { id, perturbation: listPerturbations(ctx.shard.state).find((e) => e.id === id) };
  },
});
