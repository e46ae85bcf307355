import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** A `townlet serve` child of a benchmark round, ready (its /readyz answers 200). */
export interface ServedChild {
  child: ChildProcessByStdio<null, Readable, null>;
  url: string;
}

/**
 * Starts `townlet serve` of configs/town.yaml with `agents` agents on a free loopback port, its snapshots and audit
 * log under `scratch` (named by round `n`), the token file `tokens` and the `extra` flags; resolves once it is
 * ready and has then ticked for `warmupMs` (its first ticks run cold: JIT, first allocations).
 */
export async function startServedChild(
  o: { agents: string; scratch: string; n: number; tokens: string; extra?: string[]; warmupMs?: number },
): Promise<ServedChild> {
  const child = spawn(process.execPath, ['bin/townlet.js', 'serve', '--config', 'configs/town.yaml', '--agents',
    o.agents, '--port', '0', '--snapshot-dir', join(o.scratch, `s${o.n}`), '--token-file', o.tokens,
    '--audit-dir', join(o.scratch, `a${o.n}`), ...(o.extra ?? [])], { stdio: ['ignore', 'pipe', 'ignore'] });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  let url: string | undefined;
  while (!url) {
    url = /listening on (\S+)/.exec(out)?.[1];
    await sleep(5);
  }
  while ((await fetch(`${url}/readyz`).catch(() => undefined))?.status !== 200) await sleep(10);
  await sleep(o.warmupMs ?? 2000);
  return { child, url };
}
