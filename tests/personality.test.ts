import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import { InputError } from '../src/core/errors.js';
import { createShard } from '../src/core/shard.js';
import { assignProfile } from '../src/personality/assign-profile.js';
import { PROFILE_NAMES } from '../src/personality/profiles.js';
import { scene } from './helpers/scene.js';

const base = { config_id: 'p', seed: 3 };

describe('profile assignment', () => {
  it('is a pure function of config_id, seed and agent id', () => {
    const cfg = parseConfig({ ...base, personalities: { distribution: { balanced: 1, stoic: 1 } } });
    const again = parseConfig({ ...base, personalities: { distribution: { balanced: 1, stoic: 1 } } });
    const ids = Array.from({ length: 200 }, (_, i) => `agent-${i + 1}`);
    expect(ids.map((id) => assignProfile(cfg, id))).toEqual(ids.map((id) => assignProfile(again, id)));
    const otherSeed = parseConfig({ ...base, seed: 4, personalities: { distribution: { balanced: 1, stoic: 1 } } });
    expect(ids.map((id) => assignProfile(cfg, id))).not.toEqual(ids.map((id) => assignProfile(otherSeed, id)));
  });

  it('follows the distribution weights', () => {
    const cfg = parseConfig({
      ...base,
      personalities: { distribution: { balanced: 4, socialite: 3, industrious: 2, stoic: 1 } },
    });
    const counts = [0, 0, 0, 0];
    const n = 20_000;
    for (let i = 1; i <= n; i++) counts[assignProfile(cfg, `agent-${i}`)]! += 1;
    // balanced, socialite, industrious, stoic = 40%, 30%, 20%, 10% (±1.5 points).
    [0.4, 0.3, 0.2, 0.1].forEach((share, code) => expect(Math.abs(counts[code]! / n - share)).toBeLessThan(0.015));
  });

  it('gives a single-profile distribution to everyone, and overrides win (replacements keep their origin\'s)', () => {
    const cfg = parseConfig({
      ...base,
      personalities: { distribution: { industrious: 1 }, overrides: { ann: 'stoic' } },
    });
    expect(PROFILE_NAMES[assignProfile(cfg, 'agent-9')]).toBe('industrious');
    expect(PROFILE_NAMES[assignProfile(cfg, 'ann')]).toBe('stoic');
    expect(PROFILE_NAMES[assignProfile(cfg, 'ann#2')]).toBe('stoic');
  });

  it('rejects unknown profiles and all-zero weights', () => {
    expect(() => parseConfig({ ...base, personalities: { distribution: { grumpy: 1 } } })).toThrow(InputError);
    expect(() => parseConfig({ ...base, personalities: { overrides: { ann: 'grumpy' } } })).toThrow(/overrides.ann: expected one of "balanced", "socialite"/);
    expect(() => parseConfig({ ...base, personalities: { distribution: { balanced: 0 } } })).toThrow(
      /at least one weight/,
    );
  });
});

describe('personality in the world', () => {
  it('copies the profile into the agent\'s arrays and scales its need decay', () => {
    const shard = createShard(
      scene({
        width: 8,
        height: 8,
        agents: [
          { id: 'sal', position: [2, 2], needs: { hunger: 1, hygiene: 1, energy: 1 } },
          { id: 'sam', position: [4, 4], needs: { hunger: 1, hygiene: 1, energy: 1 } },
          { id: 'ivy', position: [5, 5], needs: { hunger: 1, hygiene: 1, energy: 1 } },
        ],
        over: {
          rewards: { decay_rates: { hunger: 0.01, hygiene: 0.01, energy: 0.01 } },
          personalities: { overrides: { sal: 'socialite', sam: 'stoic', ivy: 'industrious' } },
        },
      }),
    );
    const p = shard.state.personality;
    expect([p.profile[1], p.profile[2], p.profile[3]]).toEqual([1, 3, 2]);
    expect(p.extroversion[1]).toBeCloseTo(0.6, 6);
    expect(p.forgiveness[2]).toBeCloseTo(0.5, 6);
    expect(p.workAffinity[3]).toBeCloseTo(1.4, 6);
    shard.run(10);
    const { hunger, hygiene, energy } = shard.state.needs;
    // socialite hygiene ×1.1, stoic hunger ×0.95, industrious energy ×0.9; everything else ×1.
    expect(hygiene[1]).toBeCloseTo(1 - 0.11, 5);
    expect(hunger[1]).toBeCloseTo(0.9, 5);
    expect(hunger[2]).toBeCloseTo(1 - 0.095, 5);
    expect(energy[3]).toBeCloseTo(1 - 0.09, 5);
    expect(energy[2]).toBeCloseTo(0.9, 5);
  });
});

describe('initial needs spread', () => {
  it('lowers each procedural agent\'s start needs by a seeded draw in [0, spread]', () => {
    const cfg = (seed: number) => ({
      config_id: 'spread',
      seed,
      population: { count: 40, initial_needs: { hunger: 0.9, hygiene: 0.9, energy: 0.9 }, initial_needs_spread: 0.3 },
    });
    const a = createShard(cfg(1)).state.needs;
    const b = createShard(cfg(1)).state.needs;
    const c = createShard(cfg(2)).state.needs;
    const hungers = Array.from(a.hunger.subarray(1));
    expect(hungers).toEqual(Array.from(b.hunger.subarray(1)));
    expect(hungers).not.toEqual(Array.from(c.hunger.subarray(1)));
    expect(Math.min(...hungers)).toBeGreaterThanOrEqual(0.6 - 1e-6);
    expect(Math.max(...hungers)).toBeLessThanOrEqual(0.9 + 1e-6);
    expect(new Set(hungers).size).toBe(40);
  });
});
