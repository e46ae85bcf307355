import { Agent, request } from 'node:http';

/** One console answer as a benchmark sees it: status, body and the server's own time (Server-Timing), if sent. */
export interface TimedAnswer {
  status: number;
  body: { result: unknown };
  serverMs: number | undefined;
}

/** POSTs one console command; resolves with its answer. */
export type ConsolePost = (command: string, body: unknown) => Promise<TimedAnswer>;

/**
 * A lean console client for the round-trip benchmarks: node:http on one kept-alive socket, Nagle off, the body in
 * the same write as the head (one packet, so the server reads the whole request in one event-loop turn). `fetch`
 * (undici) adds its own milliseconds at the tail on this machine; `--client fetch` keeps it for comparison.
 */
export function consoleClient(url: string, token: string, kind: 'http' | 'fetch'): ConsolePost {
  const headers = { 'content-type': 'application/json', 'authorization': `Bearer ${token}` };
  const serverMs = (header: string | null | undefined) => {
    const m = /console;dur=([\d.]+)/.exec(header ?? '');
    return m ? Number(m[1]) : undefined;
  };
  if (kind === 'fetch') {
    return async (command, body) => {
      const r = await fetch(`${url}/console/${command}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as { result: unknown }, serverMs: serverMs(r.headers.get('server-timing')) };
    };
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(url);
  return (command, body) => new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request({
      host: hostname, port, path: `/console/${command}`, method: 'POST', agent,
      headers: { ...headers, 'content-length': Buffer.byteLength(data) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        body: JSON.parse(text) as { result: unknown },
        serverMs: serverMs(String(res.headers['server-timing'] ?? '')),
      }));
    });
    req.setNoDelay(true);
    req.on('error', reject);
    req.end(data);
  });
}
