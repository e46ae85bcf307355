import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';

/**
 * The server of `console-floor.bench`: a bare node:http server on loopback answering every POST with a 202 and a
 * console-shaped body, no townlet code. argv[2] says what else its process does: `idle` nothing; `stretches` its
 * own thread computes in stretches of argv[3] ms with a `setImmediate` between them (as a served tick does between
 * its phases); `thread` a second thread computes all the time while the HTTP thread sleeps (the shape of an
 * acceptance thread beside a tick thread). Prints its port on stdout.
 */
const mode = process.argv[2] ?? 'idle';
const stretchMs = Number(process.argv[3] ?? 1);
const body = JSON.stringify({ ok: true, code: 'ok', result: { accepted: true, apply_tick: 1 }, tick: 0, state_version: 0 });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
let sink = 0;
if (mode === 'stretches') {
  const stretch = () => {
    const end = performance.now() + stretchMs;
    while (performance.now() < end) sink += Math.sqrt(sink + 1);
    setImmediate(stretch);
  };
  setImmediate(stretch);
}
if (mode === 'thread') {
  const spin = 'let x = 0; for (;;) x += Math.sqrt(x + 1);';
  new Worker(spin, { eval: true }).unref();
}
