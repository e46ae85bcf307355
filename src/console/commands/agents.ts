import { z } from 'zod';
import { forgetPlans } from '../../core/agent-slots.js';
import { ExitReasonCode } from '../../core/event-kinds.js';
import type { ShardState } from '../../core/shard-state.js';
import { exitAgent } from '../../../systems/lifecycle.js';
import { refuse } from '../codes.js';
import { command } from '../command.js';
import { type ShardFacts, shardFacts, walkableIn } from '../shard-facts.js';

/** The slot of live agent `id`; not_found (naming `arg`) otherwise. */
export function liveAgent(s: ShardState, id: string, arg = 'agent'): number {
  const eid = s.agentIds.indexOf(id);
  if (eid < 1 || s.life.alive[eid] !== 1) refuse('not_found', `args.${arg}: expected the id of a live agent, found "${id}"`);
  return eid;
}

/** kill {agent}: the agent leaves the world now with exit reason `operator`; its slot is refilled as after a faint. */
export const killCommand = command({
  name: 'kill',
  summary: 'remove a live agent (exit reason operator); its slot gets a replacement as after any exit',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({ agent: z.string() }),
  check: (ctx, a) => {
    liveAgent(ctx.shard.state, a.agent);
  },
  run: (ctx, a) => {
    ctx.shard.guard('kill');
    const s = ctx.shard.state;
    exitAgent(s, liveAgent(s, a.agent), s.clock[0]!, ExitReasonCode.operator);
    return { killed: a.agent, reason: 'operator' };
  },
});

const need = z.number().finite().min(0).max(1).optional();

/** setneed {agent, needs: {hunger?, hygiene?, energy?}}: sets needs in [0, 1]. */
export const setNeedCommand = command({
  name: 'setneed',
  summary: 'set a live agent\'s needs (hunger, hygiene, energy) in [0, 1]',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({
    agent: z.string(),
    needs: z.strictObject({ hunger: need, hygiene: need, energy: need })
      .refine((n) => Object.values(n).some((v) => v !== undefined), 'at least one of hunger, hygiene, energy'),
  }),
  check: (ctx, a) => {
    liveAgent(ctx.shard.state, a.agent);
  },
  run: (ctx, a) => {
    ctx.shard.guard('setneed');
    const s = ctx.shard.state;
    const eid = liveAgent(s, a.agent);
    const { hunger, hygiene, energy } = a.needs;
    if (hunger !== undefined) s.needs.hunger[eid] = hunger;
    if (hygiene !== undefined) s.needs.hygiene[eid] = hygiene;
    if (energy !== undefined) s.needs.energy[eid] = energy;
    const now = { hunger: s.needs.hunger[eid], hygiene: s.needs.hygiene[eid], energy: s.needs.energy[eid] };
    return { agent: a.agent, needs: now };
  },
});

/** teleport {agent, x, y}: moves an idle agent to a walkable tile (one using or waiting for an object: conflict). */
export const teleportCommand = command({
  name: 'teleport',
  summary: 'move an idle live agent to a walkable tile (its walking plans are forgotten)',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({ agent: z.string(), x: z.number().int().min(0), y: z.number().int().min(0) }),
  validate: (facts, a) => {
    checkWalkable(facts, a.x, a.y);
  },
  check: (ctx, a) => {
    checkTeleport(ctx.shard.state, a.agent, a.x, a.y);
  },
  run: (ctx, a) => {
    ctx.shard.guard('teleport');
    const s = ctx.shard.state;
    const eid = checkTeleport(s, a.agent, a.x, a.y);
    s.positions.x[eid] = a.x;
    s.positions.y[eid] = a.y;
    // Plans made from the old tile would lead it astray.
    forgetPlans(s, eid);
    return { agent: a.agent, position: [a.x, a.y] };
  },
});

/** The agent's slot when it may be teleported to (x, y); refuses otherwise. */
function checkTeleport(s: ShardState, id: string, x: number, y: number): number {
  const eid = liveAgent(s, id);
  checkWalkable(shardFacts(s), x, y);
  if (s.activity.affordance[eid]! >= 0 || s.queues.holds[eid]! >= 0 || s.queues.waitingFor[eid]! >= 0) {
    refuse('conflict', `teleport: "${id}" is using or waiting for an object; try again once it is idle`);
  }
  return eid;
}

/** Refuses a tile off the map or not walkable (the map never changes while the shard runs). */
export function checkWalkable(f: ShardFacts, x: number, y: number, arg = 'args'): void {
  if (!walkableIn(f, x, y)) {
    refuse('invalid_args', `${arg}: expected a walkable tile of the ${f.width}×${f.height} map, found (${x}, ${y})`);
  }
}
