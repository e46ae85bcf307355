import { performance } from 'node:perf_hooks';
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import type { ShardRunner } from '../serve/shard-runner.js';
import type { Acceptance } from './acceptance.js';
import type { FrontShared } from './front-shared.js';

/** How long the tick thread waits for a posted acceptance to show on its port before it leaves it for later. */
const VISIBLE_WITHIN_MS = 20;

/**
 * The tick thread's end of the front desk: takes the acceptances the front posted (all of them, by the shared
 * count) and keeps the shared view of the runner current (running or not, the apply tick, the last tick).
 */
export class FrontLink {
  readonly shared: FrontShared;
  readonly #port: MessagePort;
  #taken = 0;

  /** `port` is only ever read with receiveMessageOnPort (a listener on it would take messages out of order). */
  constructor(shared: FrontShared, port: MessagePort) {
    this.shared = shared;
    this.#port = port;
  }

  /**
   * Under the lock: every acceptance posted so far, then `also` (a claim, the next apply tick), so nothing the front
   * accepts can fall between the two.
   */
  take(also?: (shared: FrontShared) => void): Acceptance[] {
    const out: Acceptance[] = [];
    this.shared.lock();
    try {
      const posted = this.shared.posted;
      let since = 0;
      while (this.#taken < posted) {
        const received = receiveMessageOnPort(this.#port);
        if (received) {
          out.push(received.message as Acceptance);
          this.#taken++;
          continue;
        }
        // Counted after its post, so it is on its way: spin briefly (never seen to happen; bounded all the same).
        if (since === 0) since = performance.now();
        else if (performance.now() - since > VISIBLE_WITHIN_MS) break;
      }
      also?.(this.shared);
    } finally {
      this.shared.unlock();
    }
    return out;
  }

  /** Mirrors the runner: running or not, and the apply tick of a mutation accepted now (from its status changes). */
  follow(runner: ShardRunner): void {
    const publish = () => {
      this.shared.locked(() => {
        this.shared.running = runner.status === 'running';
        // Whenever this thread runs, the next drain point is that of tick shard.tick + 1 (none comes before it).
        this.shared.applyTick = runner.shard.tick + 1;
        this.shared.lastTick = runner.lastTick;
      });
    };
    publish();
    runner.onStatus(publish);
    runner.onTick(() => {
      this.shared.lastTick = runner.lastTick;
    });
  }
}
