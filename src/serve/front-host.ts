import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FrontLink } from '../console/front-link.js';
import { FrontShared, frontSharedBuffer } from '../console/front-shared.js';
import type { ShardFacts } from '../console/shard-facts.js';
import { packageRoot } from '../core/package-root.js';
import type { Upstream } from './front-proxy.js';
import type { FrontInit, FrontToMain, MainToFront } from './front-thread.js';

/** A listen error of the public listener, with the code the listen failed with (EADDRINUSE...). */
export class FrontListenError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** How long the front may take to close before it is terminated. */
const CLOSE_MS = 2000;

/**
 * The front-desk thread seen from the tick thread (docs/ARCHITECTURE.md): it owns the public listener, accepts
 * queued console mutations itself and forwards everything else to the tick thread's listener on 127.0.0.1.
 */
export class FrontThread {
  readonly link: FrontLink;
  /** The public port (the one asked for, or the one picked for port 0). */
  readonly port: number;
  readonly #worker: Worker;
  #closed: Promise<void> | undefined;
  #exited = false;

  private constructor(worker: Worker, link: FrontLink, port: number) {
    this.#worker = worker;
    this.link = link;
    this.port = port;
    worker.once('exit', () => (this.#exited = true));
  }

  /**
   * Starts the thread and resolves once it listens on host:port; rejects with FrontListenError when it cannot.
   * `log` gets the thread's log lines (a token file reload that failed).
   */
  static async start(
    o: { host: string; port: number; upstream: Upstream; tokenFile: string | undefined },
    log: (message: string) => void,
  ): Promise<FrontThread> {
    const shared = new FrontShared(frontSharedBuffer());
    const init: FrontInit = { ...o, shared: shared.buffer };
    const worker = new Worker(join(packageRoot(), 'dist', 'src', 'serve', 'front-thread.js'), { workerData: init });
    const port = await new Promise<number>((resolve, reject) => {
      const onMessage = (m: FrontToMain) => {
        if (m.type === 'log') return log(m.message);
        worker.off('message', onMessage);
        if (m.type === 'listening') resolve(m.port);
        else reject(new FrontListenError(m.code, m.message));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the front-desk thread exited (${code}) before listening`)));
    }).catch(async (err: unknown) => {
      await worker.terminate();
      throw err;
    });
    worker.removeAllListeners('error');
    worker.removeAllListeners('exit');
    worker.on('message', (m: FrontToMain) => {
      if (m.type === 'log') log(m.message);
    });
    return new FrontThread(worker, new FrontLink(shared), port);
  }

  /** Calls `onFailure` if the thread dies (the public listener is gone with it). */
  onFailure(onFailure: (err: Error) => void): void {
    this.#worker.on('error', onFailure);
  }

  /** Hands the thread the shard's facts: from then on it may accept queued mutations. */
  postFacts(facts: ShardFacts): void {
    this.#send({ type: 'facts', facts });
  }

  /** Closes the public listener and its connections; resolves when the thread has ended. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      if (this.#exited) return resolve();
      const timer = setTimeout(() => void this.#worker.terminate(), CLOSE_MS);
      this.#worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#send({ type: 'close' });
    });
    return this.#closed;
  }

  #send(message: MainToFront): void {
    this.#worker.postMessage(message);
  }
}
