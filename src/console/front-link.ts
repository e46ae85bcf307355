import type { ShardRunner } from '../serve/shard-runner.js';
import type { Acceptance } from './acceptance.js';
import { FrontShared } from './front-shared.js';

/**
 * The tick thread's end of the front desk: takes the acceptances the front answered (from the shared mailbox) and
 * keeps the shared view of the runner current (running or not, the apply tick, the last tick).
 */
export class FrontLink {
  readonly shared: FrontShared;

  constructor(shared: FrontShared) {
    this.shared = shared;
  }

  /**
   * Under the lock: every acceptance answered so far, then `also` (a claim, the next apply tick), so nothing the front
   * accepts can fall between the two. The records are decoded after the lock is let go.
   */
  take(also?: (shared: FrontShared) => void): Acceptance[] {
    let bytes: Buffer | undefined;
    this.shared.lock();
    try {
      bytes = this.shared.empty();
      also?.(this.shared);
    } finally {
      this.shared.unlock();
    }
    return bytes ? (FrontShared.records(bytes) as Acceptance[]) : [];
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
