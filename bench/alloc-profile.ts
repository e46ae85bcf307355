import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';

/**
 * Where a steady tick allocates: builds the town, runs `--warm` ticks, then samples V8's heap allocations (objects
 * collected since included) over `--ticks` more and prints KB per tick by function, most first. The hot loops
 * should allocate nothing per agent; garbage becomes scavenges, which stall the tick and every request a served
 * shard is answering. Run: npm run build && node dist/bench/alloc-profile.js [--agents N] [--warm T] [--ticks T]
 * [--tensors] (add node's --no-turbo-inlining to see inlined callees on their own).
 */
const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'configs/town.yaml' },
    agents: { type: 'string', default: '10000' },
    warm: { type: 'string', default: '2500' },
    ticks: { type: 'string', default: '300' },
    tensors: { type: 'boolean', default: false },
    top: { type: 'string', default: '15' },
  },
});
const ticks = Number(values.ticks);
const shard = createShard(loadConfigFile(values.config, { agents: Number(values.agents) }), {
  tensors: values.tensors,
});
shard.run(Number(values.warm));
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 1024,
  includeObjectsCollectedByMinorGC: true,
  includeObjectsCollectedByMajorGC: true,
});
shard.run(ticks);
const { profile } = await session.post('HeapProfiler.stopSampling');
session.disconnect();

type Node = (typeof profile)['head'];
const bytes = new Map<string, number>();
let total = 0;
const visit = (node: Node): void => {
  const f = node.callFrame;
  const where = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  if (node.selfSize > 0) bytes.set(where, (bytes.get(where) ?? 0) + node.selfSize);
  total += node.selfSize;
  for (const child of node.children) visit(child);
};
visit(profile.head);
process.stdout.write(`${(total / ticks / 1024).toFixed(1)} KB allocated per tick (${values.agents} agents)\n`);
for (const [where, b] of [...bytes].sort((x, y) => y[1] - x[1]).slice(0, Number(values.top))) {
  process.stdout.write(`${(b / ticks / 1024).toFixed(1).padStart(9)} KB/tick  ${where}\n`);
}
await shard.close();
