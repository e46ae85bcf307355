import { z } from 'zod';
import type { ShardState } from '../../core/shard-state.js';
import { arrangeMeetWith, listPerturbations, schedulePerturbation } from '../../perturbations/perturbation-api.js';
import { freeSlot } from '../../perturbations/perturbation-state.js';
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
  validate: (_facts, a) => {
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
 * arrange_meet {spec, starts_in?, duration?, participants?}: schedules an arranged_meet spec of the config. Without
 * participants they are drawn as for a chance meeting when it starts; with them (agent ids) it starts at once, at
 * the tick it applies at, with exactly those agents.
 */
export const arrangeMeetCommand = command({
  name: 'arrange_meet',
  summary: 'schedule an arranged_meet spec: participants drawn as for a chance meeting, or named (then it starts at once)',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({
    spec: z.string(),
    starts_in: z.number().int().min(0).max(1_000_000).optional(),
    duration: z.number().int().min(1).max(1_000_000).optional(),
    participants: z.array(z.string()).min(2).max(64).optional(),
  }),
  validate: (facts, a) => {
    const meets = facts.specs.filter((spec) => spec.kind === 'arranged_meet').map((spec) => spec.name);
    if (!meets.includes(a.spec)) refuse('not_found', `args.spec: expected an arranged_meet spec (${meets.join(', ') || 'none'}), found "${a.spec}"`);
    if (a.participants === undefined) return;
    if (a.starts_in !== undefined && a.starts_in !== 0) {
      refuse('invalid_args', `args.starts_in: expected 0 or none with participants (a named meeting starts at once), found ${a.starts_in}`);
    }
    const twice = a.participants.find((id, i) => a.participants!.indexOf(id) !== i);
    if (twice !== undefined) refuse('invalid_args', `args.participants: expected different agents, found "${twice}" twice`);
  },
  check: (ctx, a) => {
    participantSlots(ctx.shard.state, a.participants);
    if (freeSlot(ctx.shard.state.perturbations) < 0) refuse('conflict', 'arrange_meet: the event table is full');
  },
  run: (ctx, a) => {
    ctx.shard.guard('arrange_meet');
    const s = ctx.shard.state;
    if (a.participants !== undefined) {
      const id = arrangeMeetWith(s, a.spec, participantSlots(s, a.participants), a.duration);
      return { id, perturbation: listPerturbations(s).find((e) => e.id === id), participants: a.participants };
    }
    const id = schedulePerturbation(ctx.shard.state, a.spec, {
      ...(a.starts_in !== undefined ? { startsIn: a.starts_in } : {}),
      ...(a.duration !== undefined ? { duration: a.duration } : {}),
    });
    return { id, perturbation: listPerturbations(ctx.shard.state).find((e) => e.id === id) };
  },
});

/** The slots of the named participants: each live and not already sent to a meeting (none named: none). */
function participantSlots(s: ShardState, ids: readonly string[] | undefined): number[] {
  if (ids === undefined) return [];
  return ids.map((id, i) => {
    const eid = liveAgent(s, id, `participants.${i}`);
    if (s.perturbations.meetEvent[eid] !== 0) refuse('conflict', `args.participants.${i}: "${id}" is already assigned to a meeting`);
    return eid;
  });
}
