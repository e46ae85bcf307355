/**
 * Runs queued jobs in arrival order, one job per event-loop turn (one `setImmediate` at a time), so a burst of work
 * that arrived together (100 WebSocket viewers asking at the same moment) never holds a due timer, such as a paced
 * tick's slot, behind all of it: timers and I/O run between two jobs. A job's synchronous part and the
 * continuations that settle at once (its answer's send) run in its turn; what it awaits for longer runs later.
 */
export class TurnQueue {
  readonly #jobs: (() => unknown)[] = [];
  #head = 0;
  #scheduled = false;
  readonly #onError: (err: unknown) => void;

  /** `onError` hears a job that threw (the queue goes on with the next one). */
  constructor(onError: (err: unknown) => void = (err) => process.emitWarning(`a queued job threw: ${String(err)}`)) {
    this.#onError = onError;
  }

  /** Queues `job`; it starts in a later event-loop turn, after the jobs queued before it. */
  push(job: () => unknown): void {
    this.#jobs.push(job);
    this.#schedule();
  }

  /** Jobs waiting for their turn. */
  get length(): number {
    return this.#jobs.length - this.#head;
  }

  #schedule(): void {
    if (this.#scheduled || this.length === 0) return;
    this.#scheduled = true;
    setImmediate(this.#turn);
  }

  readonly #turn = (): void => {
    this.#scheduled = false;
    const job = this.#jobs[this.#head]!;
    this.#jobs[this.#head++] = noop;
    // Compact once the consumed prefix dominates (amortized O(1) per job, no shift of a long array).
    if (this.#head > 64 && this.#head * 2 > this.#jobs.length) {
      this.#jobs.splice(0, this.#head);
      this.#head = 0;
    }
    try {
      job();
    } catch (err) {
      // One job's bug must not stop the others (nor, thrown from an immediate, the process).
      this.#onError(err);
    }
    this.#schedule();
  };
}

function noop(): void {}
