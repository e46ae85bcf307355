import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A `townlet serve` child process (the way an operator starts it) and what it printed. */
export interface Served {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
}

/** Starts `townlet serve ARGS --port 0` and resolves once it printed its URL. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  // The console audit log goes to a temporary folder unless the test names one (never into the checkout).
  const audit = args.includes('--audit-dir') ? [] : ['--audit-dir', join(tmpdir(), `townlet-audit-${process.pid}`)];
  const child = spawn(process.execPath, ['bin/townlet.js', 'serve', '--port', '0', ...audit, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 20 s; stderr: ${err}`)), 20_000);
    const look = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening; stderr: ${err}`));
    });
  });
  return { child, url, stdout: () => out, stderr: () => err, exited };
}

/** GETs or POSTs `path` (with a bearer token when given) and returns the status and the parsed JSON (or text) body. */
export async function call(url: string, path: string, method = 'GET', token?: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${url}${path}`, { method, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (/metrics).
  }
  return { status: r.status, body };
}

/** Polls `check` every 50 ms until it returns true (or throws after `ms`). */
export async function until(check: () => Promise<boolean>, ms = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
