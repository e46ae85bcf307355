import { describe, expect, it } from 'vitest';
import { runBaselines } from '../src/baselines/run-baselines.js';
import { meanWithInterval } from '../src/baselines/interval.js';
import { loadConfigFile } from '../src/config/load-config.js';
import { runCli } from './helpers/run-cli.js';

/**
 * Reward sanity on a small default town (32 agents, half a day: both shifts, 720 ticks, seeds 1 and 2): the town
 * pays for living well, not for a trick (docs/TRAINING.md).
 */
describe('baselines on a small default town', () => {
  const loaded = loadConfigFile('configs/town.yaml', { agents: 32 });
  const rows = runBaselines(
    loaded,
    ['noop', 'uniform', 'chat_spam', 'use_spam', 'wander', 'scripted', 'rule'],
    [1, 2],
    720,
  );
  const by = Object.fromEntries(rows.map((r) => [r.policy, r]));
  const scripted = by['scripted']!;
  const uniform = by['uniform']!;
  const rule = by['rule']!;

  it('every degenerate policy scores below the scripted policy', () => {
    for (const name of ['noop', 'uniform', 'chat_spam', 'use_spam', 'wander']) {
      expect({ name, below: by[name]!.return_mean < scripted.return_mean }).toEqual({ name, below: true });
    }
    // Chatting at every chance buys little: the cooldown caps chats, so spam stays near uniform.
    expect(by['chat_spam']!.return_mean - uniform.return_mean).toBeLessThan(2);
  });

  it('a faint costs its configured penalty: terminal reward = faints × faint_penalty', () => {
    const penalty = loaded.config.rewards.faint_penalty;
    for (const name of ['noop', 'uniform', 'wander']) {
      const r = by[name]!;
      expect(r.faints).toBeGreaterThan(0);
      // components are per slot: × 32 slots gives the episode's terminal total.
      expect(r.components.terminal_penalty * 32).toBeCloseTo(r.faints * penalty, 3);
    }
  });

  it('the observation-only rule closes ≥ 90% of the uniform → scripted gap, wages included', () => {
    const gap = scripted.return_mean - uniform.return_mean;
    expect(gap).toBeGreaterThan(10);
    expect(rule.return_mean - uniform.return_mean).toBeGreaterThanOrEqual(0.9 * gap);
    // It finds work and is on time from the observation alone.
    expect(rule.components.wage).toBeGreaterThanOrEqual(0.9 * scripted.components.wage);
    expect(rule.components.punctuality).toBeGreaterThanOrEqual(0.9 * scripted.components.punctuality);
  });

  it('the scripted policy with tensors on keeps its charter and faints nobody', () => {
    expect(scripted.faints).toBe(0);
    expect(scripted.kpis.relationship_coverage).toBeGreaterThanOrEqual(0.6);
    expect(scripted.kpis.income_spend_ratio).toBeGreaterThanOrEqual(1);
  });
});

describe('meanWithInterval', () => {
  it('uses Student\'s t: 3 samples 1, 2, 3 give 2 ± 4.303 × 1 ÷ √3', () => {
    const { mean, ci95 } = meanWithInterval([1, 2, 3]);
    expect(mean).toBe(2);
    expect(ci95).toBeCloseTo((4.303 * 1) / Math.sqrt(3), 10);
    expect(meanWithInterval([5]).ci95).toBeNull();
  });
});

describe('townlet baselines', () => {
  it('--json prints one line per policy with the documented keys', () => {
    const r = runCli([
      'baselines', '--config', 'configs/town.yaml', '--agents', '8', '--seeds', '1-2', '--ticks', '60',
      '--policies', 'noop,rule', '--json',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['policy'])).toEqual(['noop', 'rule']);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['policy', 'return_mean', 'return_ci95', 'faints', 'kpis', 'components']));
      expect(Object.keys(l['kpis'] as object)).toEqual([
        'self_sufficiency', 'tenure_days_mean', 'relationship_coverage', 'income_spend_ratio',
      ]);
      expect(l['components']).toHaveProperty('terminal_penalty');
      expect(typeof l['return_ci95']).toBe('number');
    }
  });

  it('prints a table; a bad seed range or policy is exit 2 naming the option', () => {
    const ok = runCli(['baselines', '--config', 'configs/town.yaml', '--agents', '8', '--seeds', '3', '--ticks', '30', '--policies', 'scripted']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^scripted\s+-?\d+\.\d+ ± —/m);
    const seeds = runCli(['baselines', '--config', 'configs/town.yaml', '--seeds', '3-1']);
    expect([seeds.code, seeds.stderr]).toEqual([2, expect.stringContaining('--seeds')]);
    const policy = runCli(['baselines', '--config', 'configs/town.yaml', '--seeds', '1', '--policies', 'noop,genius']);
    expect([policy.code, policy.stderr]).toEqual([2, expect.stringMatching(/--policies.*"genius"/)]);
  });
});
