import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load-config.js';
import { createShard } from '../../src/core/shard.js';
import { runDefaultTown } from '../helpers/charter-run.js';

/** Hash every `every` ticks of the default town at `agents` agents over one day. */
function daySequence(
  agents: number,
  every: number,
): { hashes: string[]; faints: number; live: number; completed: number } {
  const shard = createShard(loadConfigFile('configs/town.yaml', { agents }));
  const hashes: string[] = [];
  for (let t = 1; t <= 1440; t++) {
    shard.step();
    if (t % every === 0) hashes.push(shard.hash());
  }
  const c = shard.counters();
  return { hashes, faints: c.exits.faint, live: c.live_agents, completed: c.affordances_completed };
}

describe('large shards (npm run test:slow)', () => {
  it('a 100,000-agent town runs a day deterministically', () => {
    const a = daySequence(100_000, 144);
    const b = daySequence(100_000, 144);
    expect(a.hashes).toHaveLength(10);
    expect(b.hashes).toEqual(a.hashes);
    // The scripted policy feeds, washes and rests everyone through the first day.
    expect(a.faints).toBe(0);
    expect(a.live).toBe(100_000);
    expect(a.completed).toBe(b.completed);
    expect(a.completed).toBeGreaterThan(100_000 * 10);
  });

  it('the default town with another seed (another layout) gives another hash sequence', () => {
    const shard = createShard(loadConfigFile('configs/town.yaml', { seed: 43 }));
    const base = daySequence(10_000, 144).hashes;
    const other: string[] = [];
    for (let t = 1; t <= 1440; t++) {
      shard.step();
      if (t % 144 === 0) other.push(shard.hash());
    }
    for (let i = 0; i < base.length; i++) expect(other[i]).not.toBe(base[i]);
  });
});

describe('the balanced default town at scale (npm run test:slow)', () => {
  it('meets every charter target with 10,000 agents over five days', () => {
    const { kpis, charter } = runDefaultTown(10_000);
    expect(kpis.agent_days).toBe(50_000);
    for (const [name, check] of Object.entries(charter)) expect({ name, met: check.met }).toEqual({ name, met: true });
    expect(kpis.self_sufficiency).toBeGreaterThanOrEqual(0.95);
    expect(kpis.starvation_incidents).toBe(0);
  });
});
