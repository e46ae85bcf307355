import { z } from 'zod';
import { replacementId, spawnIntoSlot, townAgentId } from '../../core/agent-slots.js';
import { EventKind } from '../../core/event-kinds.js';
import type { ShardState } from '../../core/shard-state.js';
import { sampleJob } from '../../../systems/respawn.js';
import { isWalkable } from '../../world/grid.js';
import { refuse } from '../codes.js';
import { command } from '../command.js';
import { checkWalkable } from './agents.js';

const need = z.number().finite().min(0).max(1).optional();
const tile = z.number().int().min(0).max(1_000_000);

const spawnArgs = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'an agent id: 1 to 64 of A-Z a-z 0-9 _ . : -').optional(),
  position: z.tuple([tile, tile]).optional(),
  needs: z.strictObject({ hunger: need, hygiene: need, energy: need }).optional(),
  wallet: z.number().finite().min(0).max(1_000_000).optional(),
  job: z.string().optional(),
});
type SpawnArgs = z.infer<typeof spawnArgs>;

/**
 * spawn {id?, position?, needs?, wallet?, job?}: a new agent enters the lowest free agent slot (empty, no
 * replacement due); at full capacity: conflict. Absent values: the slot's home (a tile drawn from the world stream
 * for a slot never used), lifecycle.respawn_needs and respawn_wallet, a job drawn as for a replacement.
 */
export const spawnCommand = command({
  name: 'spawn',
  summary: 'add a new agent in a free slot (at full capacity: conflict); position, needs, wallet, job optional',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: spawnArgs,
  validate: (facts, a) => {
    if (a.position) checkWalkable(facts, a.position[0], a.position[1], 'args.position');
    if (a.job !== undefined && facts.jobIds.indexOf(a.job) < 0) {
      refuse('not_found', `args.job: expected a job id (${facts.jobIds.join(', ') || 'none'}), found "${a.job}"`);
    }
  },
  check: (ctx, a) => {
    spawnPlan(ctx.shard.state, a);
  },
  run: (ctx, a) => {
    ctx.shard.guard('spawn');
    const s = ctx.shard.state;
    const { eid, id, fresh } = spawnPlan(s, a);
    const tick = s.clock[0]!;
    const [x, y] = a.position ?? (fresh ? drawnTile(s) : [s.homes.x[eid]!, s.homes.y[eid]!]);
    if (fresh) {
      // The slot's first life: its home is where it enters (a later replacement starts there too).
      s.homes.x[eid] = x;
      s.homes.y[eid] = y;
      s.homes.building[eid] = -1;
    } else {
      s.life.life[eid]! += 1;
    }
    const { respawn_needs: needs, respawn_wallet: wallet } = s.config.lifecycle;
    const [job, workplace] = a.job !== undefined ? withWorkplace(s, s.jobIds.indexOf(a.job)) : sampleJob(s);
    spawnIntoSlot(s, eid, tick, {
      id,
      x,
      y,
      hunger: a.needs?.hunger ?? needs.hunger,
      hygiene: a.needs?.hygiene ?? needs.hygiene,
      energy: a.needs?.energy ?? needs.energy,
      wallet: a.wallet ?? wallet,
      job,
      workplace,
    });
    s.events.emit(EventKind.agent_respawn, eid, 0, s.life.life[eid]!);
    return {
      agent: id,
      position: [x, y],
      needs: { hunger: s.needs.hunger[eid], hygiene: s.needs.hygiene[eid], energy: s.needs.energy[eid] },
      wallet: s.wallets.balance[eid],
      job: job >= 0 ? s.jobIds[job] : null,
    };
  },
});

/** The slot and id a spawn takes now; conflict at full capacity or for an id already used. */
function spawnPlan(s: ShardState, a: SpawnArgs): { eid: number; id: string; fresh: boolean } {
  const { alive, respawnAt } = s.life;
  let eid = 1;
  while (eid <= s.layout.capacity && (alive[eid] === 1 || respawnAt[eid]! >= 0)) eid++;
  if (eid > s.layout.capacity) {
    refuse('conflict', `spawn: every one of the ${s.layout.capacity} agent slots is taken or awaits its replacement (population.capacity)`);
  }
  const previous = s.agentIds.get(eid);
  const fresh = previous === '';
  const id = a.id ?? (fresh ? townAgentId(eid) : replacementId(previous, s.life.life[eid]! + 1));
  const holder = s.agentIds.indexOf(id);
  if (holder >= 1) {
    refuse('conflict', `args.id: expected an agent id not used in this world, found "${id}"`);
  }
  return { eid, id, fresh };
}

/** Job `job` and one of its workplaces drawn from the policy stream (-1 when it has none). */
function withWorkplace(s: ShardState, job: number): [number, number] {
  const places = s.workplacesByJob[job]!;
  return [job, places.length > 0 ? places[s.rng.policy.int(0, places.length - 1)]! : -1];
}

/** A walkable tile drawn from the world stream (the map always has one: the town was placed on it). */
function drawnTile(s: ShardState): [number, number] {
  const { width, height } = s.grid;
  for (;;) {
    const x = s.rng.world.int(0, width - 1);
    const y = s.rng.world.int(0, height - 1);
    if (isWalkable(s.grid, x, y)) return [x, y];
  }
}
