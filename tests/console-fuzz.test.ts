import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpStatus } from '../src/console/codes.js';
import { CONSOLE_COMMANDS } from '../src/console/registry.js';
import { consoleScene, type ConsoleScene } from './helpers/console-host.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-console-fuzz-');
let scene: ConsoleScene;
beforeAll(async () => {
  scene = await consoleScene(dir);
});
afterAll(async () => {
  await scene.close();
});

const names = [...CONSOLE_COMMANDS.keys()];

/** Args with at least one key no command takes (every schema is strict), plus random others. */
const junkArgs = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })).map((d) => ({ ...d, 'zz-unknown': 1 })),
  fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
);
/** Args of the right keys with values of the wrong type or out of range. */
const wrongValues = fc.record({
  key: fc.oneof(fc.integer(), fc.constant('gold')),
  value: fc.oneof(fc.string(), fc.constant(-1), fc.constant(1e9)),
});
/** Args in the shape of spawn's and arrange_meet's with values the schema, the map or the world refuses. */
const badAgentArgs = fc.oneof(
  fc.record({ position: fc.tuple(fc.integer({ min: -50, max: -1 }), fc.nat()) }),
  fc.record({ position: fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 5 }), fc.nat()) }),
  fc.record({ position: fc.tuple(fc.integer({ min: 10_000, max: 1_000_000 }), fc.nat({ max: 5 })) }),
  fc.record({
    needs: fc.record({ hunger: fc.oneof(fc.double({ min: 1.001, max: 1e6, noNaN: true }), fc.constant(-0.5)) }),
  }),
  fc.record({ id: fc.oneof(fc.constant(''), fc.constant('a b'), fc.constant('agent-1'), fc.string({ minLength: 65, maxLength: 70 })) }),
  fc.record({ job: fc.constantFrom('astronaut', 'x'), wallet: fc.oneof(fc.constant(-1), fc.constant(5)) }),
  fc.record({ spec: fc.constant('meet'), participants: fc.array(fc.string({ maxLength: 6 }).map((s) => `ghost-${s}`), { minLength: 2, maxLength: 4 }) }),
  fc.record({ spec: fc.constantFrom('meet', 'spike', 'nope'), participants: fc.constantFrom(['agent-1'], ['agent-1', 'agent-1'], []) }),
  fc.record({ spec: fc.constant('meet'), participants: fc.constant(['agent-1', 'agent-2']), starts_in: fc.integer({ min: 1, max: 50 }) }),
);
const body = fc.oneof(
  fc.record({ args: junkArgs, cmd_id: fc.constantFrom('f-1', 'f-2') }),
  fc.record({ args: badAgentArgs, cmd_id: fc.constantFrom('f-4', 'f-5') }),
  fc.record({ args: wrongValues, cmd_id: fc.constant('f-3') }),
  fc.record({ args: fc.constant({}), cmd_id: fc.oneof(fc.constant(''), fc.string({ minLength: 129, maxLength: 140 }), fc.constant('bad id!')) }),
  fc.record({ args: fc.constant({}), dry_run: fc.oneof(fc.string(), fc.integer()) }),
  fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => !['args', 'cmd_id', 'dry_run'].includes(k)), fc.integer(), { minKeys: 1 }),
);

describe('console fuzz', () => {
  it('hundreds of random bad payloads across every command: a 4xx each, the world hash unchanged', async () => {
    const before = scene.served.shard()!.hash();
    const tick = scene.served.tick();
    const token = fc.constantFrom(scene.admin, scene.viewer, undefined, 'tlt_not-a-token', '');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 9, arbitrary: fc.constantFrom(...names) },
          { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
        ),
        token,
        body,
        async (command, t, b) => {
          const r = await scene.console.handle({ command, token: t, body: b });
          const status = httpStatus(r);
          expect(r.ok, `${command} ${JSON.stringify(b)} → ${r.code}`).toBe(false);
          expect(status).toBeGreaterThanOrEqual(400);
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: 600, seed: 17 },
    );
    expect(scene.served.tick()).toBe(tick);
    expect(scene.served.shard()!.hash()).toBe(before);
  });
});
