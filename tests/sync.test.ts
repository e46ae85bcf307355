import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEnvSync, runShardSync, type SyncResult, type SyncScenario, syncScenarios } from './helpers/sync-scenario.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-sync-');
// A fixed seed keeps `npm test` repeatable; `npm run test:slow` runs many more scenarios (tests/slow/sync.test.ts).
const SEED = 20261202;

/** No divergence, and with threads the workers wrote ranges themselves (the inline fallback alone proves nothing). */
function expectInSync(sc: SyncScenario, r: SyncResult): void {
  expect(r.divergence).toBeNull();
  if (sc.threads > 0) expect(r.workerRanges).toBeGreaterThan(0);
}

describe('differential sync: workers against the inline path, every tick', () => {
  it('scripted shards: world and tensor hashes equal under clock preconditions, reloads and killed workers', async () => {
    await fc.assert(
      fc.asyncProperty(syncScenarios(), async (sc) => expectInSync(sc, await runShardSync(dir, sc))),
      { seed: SEED, numRuns: 8, endOnFailure: true },
    );
  });

  it('envs with random actions: equal hashes across resets, reloads and killed workers', async () => {
    await fc.assert(
      fc.asyncProperty(syncScenarios(), async (sc) => expectInSync(sc, await runEnvSync(dir, sc))),
      { seed: SEED + 1, numRuns: 8, endOnFailure: true },
    );
  });

  it('uint8 maps: the map and feature tensors equal the inline path\'s, scripted and env runs', async () => {
    const uint8 = syncScenarios().map((sc) => ({ ...sc, mapDtype: 'uint8' as const }));
    await fc.assert(
      fc.asyncProperty(uint8, fc.boolean(), async (sc, env) =>
        expectInSync(sc, await (env ? runEnvSync(dir, sc) : runShardSync(dir, sc)))),
      { seed: SEED + 2, numRuns: 6, endOnFailure: true },
    );
  });
});
