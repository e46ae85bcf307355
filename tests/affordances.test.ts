import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USE_BASE } from '../src/actions/action-space.js';
import { FailReasonCode } from '../src/affordances/fail-reasons.js';
import type { TownConfigInput } from '../src/config/schema.js';
import { InputError } from '../src/core/errors.js';
import { shippedManifestPath } from '../src/core/package-root.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { scene } from './helpers/scene.js';
import { collectEvents, stepEvents } from './helpers/step-events.js';
import { tempDir, writeTemp } from './helpers/temp-files.js';

const EAT = USE_BASE + 0; // fridge, 15 ticks: hunger +0.4, energy +0.05, money −0.4
const COOK = USE_BASE + 1; // stove, 40 ticks: hunger +0.1, hygiene −0.02, energy −0.05, money −0.15
const SHOWER = USE_BASE + 2; // shower, 30 ticks: hygiene +0.45, energy −0.03, money −0.2
const WORK = USE_BASE + 4; // workplace, 60 ticks, shared

const dir = tempDir();

/** One object of `type` at (3, 2) and agents west, east and south of it; the caller writes all actions. */
function oneObject(
  type: string,
  needs: { hunger?: number; hygiene?: number; energy?: number },
  over: Partial<TownConfigInput> = {},
  stock?: { meals?: number; ingredients?: number },
): Shard {
  return createShard(
    scene({
      width: 7,
      height: 5,
      objects: [{ id: `${type}_1`, type, position: [3, 2], ...(stock ? { stock } : {}) }],
      agents: [
        { id: 'ann', position: [2, 2], needs, wallet: 5 },
        { id: 'bob', position: [4, 2], needs, wallet: 5 },
        { id: 'cat', position: [3, 3], needs, wallet: 5 },
      ],
      over,
    }),
    { policy: 'external' },
  );
}

/** A copy of the shipped manifest with `edit` applied to its text, written to a temp file. */
function manifestWith(name: string, edit: (text: string) => string): string {
  return writeTemp(dir, name, edit(readFileSync(shippedManifestPath(), 'utf8')));
}

describe('affordance timing and effects', () => {
  it('an affordance of duration D started at tick T completes at tick T + D − 1', () => {
    const shard = oneObject('fridge', { hunger: 0.3, hygiene: 0.5, energy: 0.5 });
    shard.run(4); // nothing happens while everyone waits
    shard.actions[0] = EAT;
    const events = collectEvents(shard, 20, 'affordance_start', 'affordance_finish');
    expect(events.map((e) => [e.tick, e.kind])).toEqual([
      [5, 'affordance_start'],
      [19, 'affordance_finish'], // 5 + 15 − 1
    ]);
    expect(shard.state.activity.endTick[1]).toBe(19);
  });

  it('a one-tick affordance completes in the tick it starts', () => {
    const path = manifestWith('one-tick.yaml', (t) => t.replace('duration: 15', 'duration: 1'));
    const shard = oneObject('fridge', { hunger: 0.3 }, { affordances: { manifest: path } });
    shard.actions[0] = EAT;
    expect(stepEvents(shard, 'affordance_start', 'affordance_finish').map((e) => [e.tick, e.kind])).toEqual([
      [1, 'affordance_start'],
      [1, 'affordance_finish'],
    ]);
  });

  it('applies the effects at completion, clamps needs to [0, 1] and charges the wallet once', () => {
    const shard = oneObject('fridge', { hunger: 0.3, hygiene: 0.5, energy: 0.98 });
    shard.actions[0] = EAT;
    shard.run(14);
    // Still running in tick 14: nothing applied yet.
    expect(shard.state.needs.hunger[1]).toBeCloseTo(0.3, 6);
    expect(shard.state.wallets.balance[1]).toBe(5);
    shard.step(); // tick 15
    expect(shard.state.needs.hunger[1]).toBeCloseTo(0.7, 6);
    expect(shard.state.needs.energy[1]).toBe(1); // 0.98 + 0.05, clamped
    expect(shard.state.wallets.balance[1]).toBeCloseTo(4.6, 9);
    expect(shard.state.activity.affordance[1]).toBe(-1);
  });

  it('effects below zero clamp at 0', () => {
    const shard = oneObject('shower', { hunger: 0.5, hygiene: 0.2, energy: 0.01 });
    shard.actions[0] = SHOWER;
    shard.run(30);
    expect(shard.state.needs.hygiene[1]).toBeCloseTo(0.65, 6);
    expect(shard.state.needs.energy[1]).toBe(0); // 0.01 − 0.03
  });

  it('a shared (non-exclusive) affordance serves several agents at once, with no line', () => {
    const shard = oneObject('workplace', { hunger: 0.9, hygiene: 0.9, energy: 0.9 });
    shard.actions.set([WORK, WORK, WORK]);
    expect(stepEvents(shard, 'affordance_start').map((e) => e.agent)).toEqual(['ann', 'bob', 'cat']);
    expect(shard.state.queues.length[0]).toBe(0);
    expect(shard.state.reservations.holder[0]).toBe(0);
    shard.run(59);
    expect(shard.counters().affordances_completed).toBe(3);
    expect(shard.state.needs.energy[2]).toBeCloseTo(0.8, 6);
  });
});

describe('built-in hooks keep stock', () => {
  it('eating takes a meal from the fridge when it starts', () => {
    const shard = oneObject('fridge', { hunger: 0.3 }, {}, { meals: 2 });
    shard.actions[0] = EAT;
    shard.step();
    expect(shard.state.objects.meals[0]).toBe(1);
  });

  it('an empty fridge fails eat_meal on its precondition', () => {
    const shard = oneObject('fridge', { hunger: 0.3 }, {}, { meals: 0 });
    shard.actions[0] = EAT;
    const fails = stepEvents(shard, 'affordance_fail');
    expect(fails.map((e) => [e.agent, e.other, e.value])).toEqual([['ann', 0, FailReasonCode.precondition_failed]]);
    expect(shard.state.reservations.holder[0]).toBe(0);
  });

  it('without a stock precondition, the before hook aborts with insufficient_stock', () => {
    const path = manifestWith('no-meal-check.yaml', (t) => t.replace('    - meal_available == true\n', ''));
    const shard = oneObject('fridge', { hunger: 0.3 }, { affordances: { manifest: path } }, { meals: 0 });
    shard.actions[0] = EAT;
    const fails = stepEvents(shard, 'affordance_fail');
    expect(fails.map((e) => e.value)).toEqual([FailReasonCode.insufficient_stock]);
    expect(shard.state.objects.meals[0]).toBe(0);
    expect(shard.state.wallets.balance[1]).toBe(5);
  });

  it('cooking uses an ingredient at the start and puts a meal in the stove at the end', () => {
    const shard = oneObject('stove', { hunger: 0.3 }, {}, { ingredients: 2 });
    shard.actions[0] = COOK;
    shard.step();
    expect([shard.state.objects.ingredients[0], shard.state.objects.meals[0]]).toEqual([1, 0]);
    shard.run(39);
    expect([shard.state.objects.ingredients[0], shard.state.objects.meals[0]]).toEqual([1, 1]);
    expect(shard.state.wallets.balance[1]).toBeCloseTo(4.85, 9);
  });

  it('a shower with the power off fails in its before hook (power_off)', () => {
    const shard = oneObject('shower', { hygiene: 0.2 });
    shard.state.objects.power[0] = 0;
    shard.actions[0] = SHOWER;
    expect(stepEvents(shard, 'affordance_fail').map((e) => e.value)).toEqual([FailReasonCode.power_off]);
  });

  it('a wallet below the price fails the wallet precondition and charges nothing', () => {
    const shard = oneObject('fridge', { hunger: 0.3 });
    shard.state.wallets.balance[1] = 0.39;
    shard.actions[0] = EAT;
    expect(stepEvents(shard, 'affordance_fail').length).toBe(1);
    expect(shard.state.wallets.balance[1]).toBeCloseTo(0.39, 9);
    expect(shard.state.objects.meals[0]).toBe(5); // world.stock.fridge_meals: no meal taken
  });
});

describe('engine preconditions', () => {
  it('a precondition naming something the engine does not have fails at shard creation, naming file and entry', () => {
    const path = manifestWith('bad-name.yaml', (t) => t.replace('- wallet >= price', '- needs.hungr >= 0.4'));
    let error: unknown;
    try {
      oneObject('fridge', { hunger: 0.3 }, { affordances: { manifest: path } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message).toContain('affordance eat_meal.preconds[2]');
    expect(message).toContain('needs.hungr');
    expect(message).toContain('did you mean "needs.hunger"');
  });

  it('reads the agent and the object through the documented names', () => {
    const path = manifestWith('names.yaml', (t) =>
      t.replace(
        '    - wallet >= price\n',
        '    - wallet >= price\n    - agent.needs.hunger < 0.5\n    - queue_length == 0\n    - world.day == 0\n',
      ),
    );
    const shard = oneObject('fridge', { hunger: 0.3 }, { affordances: { manifest: path } });
    shard.state.needs.hunger[2] = 0.6;
    shard.actions.set([EAT, 0, 0]);
    expect(stepEvents(shard, 'affordance_start').length).toBe(1); // ann: hunger 0.3, nobody waiting
    shard.run(14);
    shard.actions.set([0, EAT, 0]);
    expect(stepEvents(shard, 'affordance_fail').map((e) => e.agent)).toEqual(['bob']); // hunger 0.6
  });
});
