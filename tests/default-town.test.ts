import { describe, expect, it } from 'vitest';
import { runDefaultTown } from './helpers/charter-run.js';

describe('the balanced default town (configs/town.yaml)', () => {
  it('meets every charter target with 100 agents over five days, the same way twice', () => {
    const a = runDefaultTown(100);
    // 100 slots × 5 whole days.
    expect(a.kpis.agent_days).toBe(500);
    expect(a.kpis.shifts).toBe(500);
    for (const [name, check] of Object.entries(a.charter)) {
      expect({ name, met: check.met }).toEqual({ name, met: true });
    }
    expect(a.kpis.self_sufficiency).toBeGreaterThanOrEqual(0.95);
    expect(a.kpis.income_spend_ratio).toBeGreaterThan(1.2);
    expect(a.kpis.lateness_rate).toBeLessThan(0.05);
    expect(a.kpis.starvation_incidents).toBe(0);
    const b = runDefaultTown(100);
    expect(b.hash).toBe(a.hash);
    expect(b.kpis).toEqual(a.kpis);
  });
});
