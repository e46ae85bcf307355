import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpStatus } from '../src/console/codes.js';
import { TOTAL_PENDING_RESPAWNS } from '../src/core/totals.js';
import { isWalkable } from '../src/world/grid.js';
import { consoleScene, type ConsoleScene } from './helpers/console-host.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-console-agents-');
let scene: ConsoleScene;
beforeAll(async () => {
  // 12 agents in 14 slots, paused: mutations apply at once.
  scene = await consoleScene(dir, false, 14);
});
afterAll(async () => {
  await scene.close();
});

let n = 0;
const admin = (command: string, args: unknown) => scene.console.handle({ command, token: scene.admin, body: { args, cmd_id: `c-${++n}` } });
const state = () => scene.served.shard()!.state;
const hash = () => scene.served.shard()!.hash();
const slotOf = (id: string) => state().agentIds.indexOf(id);

/** Walkable tiles of the scene's map, in row order. */
function walkable(): [number, number][] {
  const s = state();
  const out: [number, number][] = [];
  for (let y = 0; y < s.grid.height; y++) {
    for (let x = 0; x < s.grid.width; x++) if (isWalkable(s.grid, x, y)) out.push([x, y]);
  }
  return out;
}

describe('console spawn', () => {
  it('refuses a bad position, job or id without a change; spawns with the values given; conflict at full capacity', async () => {
    const s = state();
    const before = hash();
    let wall: [number, number] = [0, 0];
    while (isWalkable(s.grid, wall[0], wall[1])) wall = [wall[0] + 1, 0];
    const refused = [
      await admin('spawn', { position: wall }),
      await admin('spawn', { position: [s.grid.width, 0] }),
      await admin('spawn', { job: 'astronaut' }),
      await admin('spawn', { id: 'agent-1' }),
      await admin('spawn', { id: 'has space' }),
      await admin('spawn', { needs: { hunger: 2 } }),
    ];
    expect(refused.map((r) => [r.code, httpStatus(r)])).toEqual([
      ['invalid_args', 400], ['invalid_args', 400], ['not_found', 404], ['conflict', 422], ['invalid_args', 400], ['invalid_args', 400],
    ]);
    expect(hash()).toBe(before);

    const tile = walkable().at(-1)!;
    const live = scene.served.shard()!.liveAgents;
    const first = await admin('spawn', { id: 'visitor', position: tile, needs: { hunger: 0.25, energy: 0.75 }, wallet: 9, job: s.jobIds[0] });
    expect(first.code).toBe('ok');
    expect(first.result).toMatchObject({ agent: 'visitor', position: tile, needs: { hunger: 0.25, energy: 0.75 }, wallet: 9, job: s.jobIds[0] });
    const eid = slotOf('visitor');
    expect(eid).toBe(13);
    expect([s.life.alive[eid], s.positions.x[eid], s.positions.y[eid]]).toEqual([1, tile[0], tile[1]]);
    expect([s.homes.x[eid], s.homes.y[eid]]).toEqual(tile);
    expect(s.needs.hunger[eid]).toBeCloseTo(0.25);
    expect(s.needs.hygiene[eid]).toBeCloseTo(s.config.lifecycle.respawn_needs.hygiene);
    // Defaults: an id of the slot, a drawn walkable tile, the respawn needs.
    const second = await admin('spawn', {});
    expect(second.result).toMatchObject({ agent: 'agent-14' });
    const [x, y] = (second.result as { position: [number, number] }).position;
    expect(isWalkable(s.grid, x, y)).toBe(true);
    expect(scene.served.shard()!.liveAgents).toBe(live + 2);
    const full = hash();
    const third = await admin('spawn', {});
    expect([third.code, httpStatus(third)]).toEqual(['conflict', 422]);
    expect(hash()).toBe(full);
  });

  it('a running shard accepts a spawn (202) and applies it inside the next tick, with its agent_respawn event there', async () => {
    const runner = scene.served.runner()!;
    // Free a slot with no replacement due: kill, then clear its ticket (as a respawn cap of 0 would).
    const victim = await admin('kill', { agent: 'visitor' });
    expect(victim.code).toBe('ok');
    state().life.respawnAt[13] = -1;
    state().totals.values[TOTAL_PENDING_RESPAWNS]! -= 1;
    const events = new Map<number, string[]>();
    runner.onTick((tick) => {
      events.set(tick, runner.shard.eventRecords().filter((e) => e.kind === 'agent_respawn').map((e) => e.agent ?? ''));
    });
    const from = scene.served.tick();
    runner.start();
    while (scene.served.tick() === from || runner.inTick) await new Promise((r) => setTimeout(r, 1));
    const accepted = await admin('spawn', { id: 'latecomer' });
    expect(httpStatus(accepted)).toBe(202);
    const applyTick = (accepted.result as { apply_tick: number }).apply_tick;
    const end = Date.now() + 5000;
    while (!events.has(applyTick) && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    runner.pause();
    await runner.atBoundary(() => undefined);
    expect(events.get(applyTick)).toEqual(['latecomer']);
    expect(state().life.alive[slotOf('latecomer')]).toBe(1);
  });
});

describe('console arrange_meet with named participants', () => {
  it('refuses unknown, repeated or busy participants; starts at once with exactly the named agents', async () => {
    const before = hash();
    const refused = [
      await admin('arrange_meet', { spec: 'meet', participants: ['agent-1', 'ghost'] }),
      await admin('arrange_meet', { spec: 'meet', participants: ['agent-1', 'agent-1'] }),
      await admin('arrange_meet', { spec: 'meet', participants: ['agent-1'] }),
      await admin('arrange_meet', { spec: 'meet', participants: ['agent-1', 'agent-2'], starts_in: 3 }),
      await admin('arrange_meet', { spec: 'spike', participants: ['agent-1', 'agent-2'] }),
    ];
    expect(refused.map((r) => r.code)).toEqual(['not_found', 'invalid_args', 'invalid_args', 'invalid_args', 'not_found']);
    expect(hash()).toBe(before);
    const named = ['agent-2', 'agent-7', 'agent-11'];
    const r = await admin('arrange_meet', { spec: 'meet', participants: named, duration: 20 });
    expect(r.code).toBe('ok');
    const s = state();
    const tick = scene.served.tick();
    expect(r.result).toMatchObject({ participants: named, perturbation: { spec: 'meet', state: 'active', startsAt: tick, endsAt: tick + 20 } });
    const id = (r.result as { id: number }).id;
    const assigned = [];
    for (let eid = 1; eid <= s.layout.capacity; eid++) {
      if (s.perturbations.meetEvent[eid] === id) assigned.push(s.agentIds.get(eid));
    }
    expect(assigned).toEqual(named);
    const busy = await admin('arrange_meet', { spec: 'meet', participants: ['agent-7', 'agent-3'] });
    expect([busy.code, httpStatus(busy)]).toEqual(['conflict', 422]);
    // Cancelling releases every named participant, whatever their fairness bucket.
    expect((await admin('perturbation_cancel', { id })).code).toBe('ok');
    for (const name of named) expect(s.perturbations.meetEvent[slotOf(name)]).toBe(0);
  });
});
