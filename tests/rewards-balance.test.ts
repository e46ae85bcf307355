import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import { readYamlFile } from '../src/config/read-yaml.js';
import { createShard } from '../src/core/shard.js';
import { rewardClipEvents } from '../src/tensors/reward-state.js';

/**
 * The reward settings proposed for configs/town.yaml. The reference weights assume needs near 1; the scripted
 * policy keeps them near its thresholds (mean squared deficit ≈ 0.16 per need), so the reference's penalty is
 * ≈ −0.39 a tick and the ±50 episode clip binds on 94% of agent-ticks. Weights ÷ 20 make the penalty ≈ −0.02,
 * the order of the gains (survival, wage, punctuality, chats); chat coefficients ÷ 10 keep a chat between friends
 * below the per-tick clip; a ±100 episode holds a five-day life (episode sums stay in [−75, +15]).
 */
const TOWN_REWARDS = {
  needs_weights: { hunger: 0.05, hygiene: 0.03, energy: 0.04 },
  social: { C1_coeff_trust: 0.03, C1_coeff_fam: 0.02 },
  clip: { clip_per_episode: 100 },
};

describe('reward balance of the default town', () => {
  it('scripted policy, 100 agents, 7,200 ticks: mean reward in (−0.1, 0.1), under 5% of agent-ticks clipped', () => {
    const raw = readYamlFile('configs/town.yaml') as Record<string, Record<string, unknown>>;
    const rewards = { ...raw['rewards'], ...TOWN_REWARDS };
    const config = parseConfig({ ...raw, rewards, population: { ...raw['population'], count: 100 } });
    const shard = createShard({ config, path: resolve('configs/town.yaml'), baseDir: resolve('configs') }, {
      tensors: true,
    });
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
