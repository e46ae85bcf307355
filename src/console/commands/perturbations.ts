import { z } from 'zod';
import { priceMask, PRICE_TARGET_NAMES } from '../../economy/prices.js';
import { cancelPerturbation, listPerturbations, schedulePerturbation } from '../../perturbations/perturbation-api.js';
import { freeSlot } from '../../perturbations/perturbation-state.js';
import { refuse } from '../codes.js';
import { command } from '../command.js';

/** perturbation_queue: pending and active perturbations. */
export const perturbationQueueCommand = command({
  name: 'perturbation_queue',
  summary: 'list pending and active perturbations',
  role: 'viewer',
  destructive: false,
  mode: 'read',
  args: z.strictObject({}),
  run: (ctx) => ({ perturbations: listPerturbations(ctx.shard.state) }),
});

const triggerArgs = z.strictObject({
  spec: z.string(),
  starts_in: z.number().int().min(0).max(1_000_000).optional(),
  duration: z.number().int().min(1).max(1_000_000).optional(),
  magnitude: z.number().finite().min(0).max(100).optional(),
  targets: z.array(z.string()).optional(),
});

/** perturbation_trigger {spec, starts_in?, duration?, magnitude?, targets?}: schedules a configured perturbation. */
export const perturbationTriggerCommand = command({
  name: 'perturbation_trigger',
  summary: 'schedule a perturbation spec of the config (starts_in 0: from the tick it applies at)',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: triggerArgs,
  validate: (facts, a) => {
    const spec = facts.specs.find((candidate) => candidate.name === a.spec);
    if (!spec) refuse('not_found', `args.spec: expected a spec under perturbations.events (${facts.specs.map((c) => c.name).join(', ') || 'none'}), found "${a.spec}"`);
    const kind = spec.kind;
    if (kind !== 'price_spike' && (a.magnitude !== undefined || a.targets !== undefined)) {
      refuse('invalid_args', `args: expected no magnitude or targets (spec ${a.spec} is a ${kind}), found them`);
    }
    if (a.targets !== undefined) {
      const mask = priceMask(a.targets);
      if (typeof mask !== 'number') refuse('invalid_args', `args.targets: expected price keys or groups (${PRICE_TARGET_NAMES.join(', ')}), found "${mask.unknown}"`);
    }
  },
  check: (ctx) => {
    if (freeSlot(ctx.shard.state.perturbations) < 0) refuse('conflict', 'perturbation_trigger: the event table is full');
  },
  run: (ctx, a) => {
    ctx.shard.guard('perturbation_trigger');
    const id = schedulePerturbation(ctx.shard.state, a.spec, {
      ...(a.starts_in !== undefined ? { startsIn: a.starts_in } : {}),
      ...(a.duration !== undefined ? { duration: a.duration } : {}),
      ...(a.magnitude !== undefined ? { magnitude: a.magnitude } : {}),
      ...(a.targets !== undefined ? { targets: a.targets } : {}),
    });
    return { id, perturbation: listPerturbations(ctx.shard.state).find((e) => e.id === id) };
  },
});

/** perturbation_cancel {id}: drops a pending perturbation or ends an active one. */
export const perturbationCancelCommand = command({
  name: 'perturbation_cancel',
  summary: 'cancel a pending or active perturbation by id',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({ id: z.number().int().min(0) }),
  check: (ctx, a) => {
    const ids = listPerturbations(ctx.shard.state).map((e) => e.id);
    if (!ids.includes(a.id)) refuse('not_found', `args.id: expected a pending or active perturbation (${ids.join(', ') || 'none'}), found ${a.id}`);
  },
  run: (ctx, a) => {
    ctx.shard.guard('perturbation_cancel');
    cancelPerturbation(ctx.shard.state, a.id);
    return { cancelled: a.id };
  },
});
