import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { spread } from './stats.js';
import type { WorldHashRunResult } from './world-hash-run.js';

/**
 * `npm run bench:hash`: the time of one world hash (SHA-256 over every registered array and block) of the default
 * town, with and without the tensors' registered state, each in `--runs` fresh processes (the median of 30 hashes
 * per process). Writes bench/results/world-hash.json.
 */
const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10000,100000' }, runs: { type: 'string', default: '5' } },
});
const rows = [];
for (const agents of values.sizes.split(',').map(Number)) {
  for (const mode of ['world', 'tensors']) {
    const results: WorldHashRunResult[] = [];
    for (let r = 0; r < Number(values.runs); r++) {
      const line = execFileSync(process.execPath, ['dist/bench/world-hash-run.js', String(agents), mode], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      results.push(JSON.parse(line) as WorldHashRunResult);
    }
    const ms = spread(results.map((r) => r.hash_ms));
    const bytes = results[0]!.registered_bytes;
    rows.push({ agents, mode, registered_bytes: bytes, hash_ms: ms });
    process.stdout.write(
      `${String(agents).padStart(7)} agents (${mode}): ${(bytes / 1e6).toFixed(1)} MB registered, hash ` +
      `${ms.median.toFixed(2)} ms [${ms.min.toFixed(2)}–${ms.max.toFixed(2)}]\n`,
    );
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/world-hash.json', `${JSON.stringify({
  benchmark: 'world-hash',
  command: `npm run bench:hash -- --sizes ${values.sizes} --runs ${values.runs}`,
  date: new Date().toISOString(),
  node: process.version,
  results: rows,
}, null, 2)}\n`);
process.stdout.write('wrote bench/results/world-hash.json\n');
