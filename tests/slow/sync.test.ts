import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEnvSync, runShardSync, syncScenarios } from '../helpers/sync-scenario.js';
import { tempDir } from '../helpers/temp-files.js';

const dir = tempDir('townlet-sync-slow-');
// Fresh seeds every run (printed by fast-check on failure, so a counterexample can be replayed with `seed`).
const RUNS = Number(process.env['SYNC_RUNS'] ?? 60);

describe('differential sync, many scenarios (test:slow)', () => {
  it('scripted shards', async () => {
    await fc.assert(
      fc.asyncProperty(syncScenarios(), async (sc) => {
        const r = await runShardSync(dir, sc);
        expect(r.divergence).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it('envs with random actions and resets', async () => {
    await fc.assert(
      fc.asyncProperty(syncScenarios(), async (sc) => {
        const r = await runEnvSync(dir, sc);
        expect(r.divergence).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});
