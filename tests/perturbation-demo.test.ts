import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { PERTURBATION_KINDS } from '../src/perturbations/perturbation-state.js';

describe('scenario perturbation_demo', () => {
  it('a price spike, a blackout and arranged meets start and end; prices and power are restored', () => {
    const shard = createShard(loadConfigFile('configs/scenarios/perturbation_demo.yaml'));
    expect(shard.config.run.ticks).toBe(600);
    const baseline = shard.prices();
    const started = new Map<string, number>();
    const ended = new Map<string, number>();
    let assigned = 0;
    let walked = 0;
    let dearest = 0;
    let darkTicks = 0;
    for (let t = 0; t < 600; t++) {
      shard.step();
      for (const e of shard.eventRecords()) {
        const kind = PERTURBATION_KINDS[e.value - 1]!;
        if (e.kind === 'perturbation_started') started.set(kind, (started.get(kind) ?? 0) + 1);
        if (e.kind === 'perturbation_ended') ended.set(kind, (ended.get(kind) ?? 0) + 1);
        if (e.kind === 'meet_assigned') assigned++;
      }
      if (shard.state.perturbations.meetEvent.some((id) => id > 0)) walked++;
      dearest = Math.max(dearest, shard.prices().meal_cost!);
      if (shard.state.objects.power.some((v) => v === 0)) darkTicks++;
    }
    for (const kind of ['price_spike', 'blackout', 'arranged_meet']) {
      expect(started.get(kind) ?? 0).toBeGreaterThan(0);
    }
    // Everything that started has ended by tick 600, and the world is as before.
    expect(shard.perturbations()).toEqual([]);
    expect(ended).toEqual(started);
    expect(assigned).toBeGreaterThanOrEqual(2 * started.get('arranged_meet')!);
    expect(walked).toBeGreaterThan(40);
    expect(dearest).toBeGreaterThanOrEqual(0.4 * 1.5);
    expect(darkTicks).toBeGreaterThanOrEqual(20);
    expect(shard.prices()).toEqual(baseline);
    expect(shard.state.objects.power.every((v) => v === 1)).toBe(true);
    expect(shard.counters().exits).toEqual({ faint: 0, eviction: 0, operator: 0 });
  });
});
