import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { rewardClipEvents } from '../src/tensors/reward-state.js';

describe('reward balance of the default town', () => {
  it('scripted policy, 100 agents, 7,200 ticks: mean reward in (−0.1, 0.1), under 5% of agent-ticks clipped', () => {
    // The reward settings of configs/town.yaml (its comment says why they differ from the reference's).
    const loaded = loadConfigFile('configs/town.yaml', { agents: 100 });
    const config = loaded.config;
    const shard = createShard(loaded, { tensors: true });
    const t = shard.tensors!;
    const bound = Math.fround(config.rewards.clip.clip_per_tick);
    const alive = shard.state.life.alive;
    let agentTicks = 0;
    let sum = 0;
    let atBound = 0;
    for (let tick = 0; tick < 7200; tick++) {
      shard.step();
      for (let eid = 1; eid <= t.buffers.capacity; eid++) {
        if (alive[eid] !== 1) continue;
        const r = t.buffers.rewards[eid - 1]!;
        agentTicks++;
        sum += r;
        if (r === bound || r === -bound) atBound++;
      }
    }
    const mean = sum / agentTicks;
    expect(mean).toBeGreaterThan(-0.1);
    expect(mean).toBeLessThan(0.1);
    expect(mean).toBeCloseTo(-0.007, 3); // the figure measured when these values were chosen
    expect(atBound / agentTicks).toBeLessThan(0.05);
    // Counting the episode clip too: no reward was changed by either clip.
    expect(rewardClipEvents(t) / agentTicks).toBeLessThan(0.05);
  });
});
