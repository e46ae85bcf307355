import type { EventsPayload } from './payload-schemas.js';

type StreamEvent = EventsPayload['events'][number];

/** A narration line before the throttle: its category, whether it is a priority item, its dedupe key and text. */
export interface NarrationItem {
  tick: number;
  category: string;
  priority: boolean;
  key: string;
  text: string;
}

/** The throttle's limits (config telemetry.narration). */
export interface NarrationLimits {
  global_per_window: number;
  category_per_window: number;
  window_ticks: number;
  dedupe_ticks: number;
}

/** The four limits of a narration config (without its target). */
function pickLimits(l: NarrationLimits): NarrationLimits {
  const { global_per_window, category_per_window, window_ticks, dedupe_ticks } = l;
  return { global_per_window, category_per_window, window_ticks, dedupe_ticks };
}

/** What the throttle did so far. */
export interface NarrationCounts {
  offered: number;
  emitted: number;
  deduped: number;
  limited: number;
}

const where = (e: StreamEvent) => (e.object ? ` at ${e.object}` : '');

/** Event kinds that are told, with their category, priority and words. Other kinds are not narrated. */
const STORIES: Record<string, { category: string; priority?: boolean; say: (e: StreamEvent) => string }> = {
  agent_faint: { category: 'lifecycle', priority: true, say: (e) => `${e.agent} fainted${where(e)} (hunger ${e.value.toFixed(2)})` },
  agent_exit: { category: 'lifecycle', priority: true, say: (e) => `${e.agent} left the town` },
  agent_respawn: { category: 'lifecycle', say: (e) => `${e.agent} moved into town` },
  starvation_incident: { category: 'lifecycle', priority: true, say: (e) => `${e.agent} is starving` },
  queue_conflict: { category: 'queues', say: (e) => `${e.agent} lost their turn${where(e)}; ${e.value} waiting` },
  job_late: { category: 'employment', say: (e) => `${e.agent} is late for work${where(e)}` },
  job_absent: { category: 'employment', say: (e) => `${e.agent} missed a shift` },
  employment_exit_processed: { category: 'employment', priority: true, say: (e) => `${e.agent} lost their job and left` },
  perturbation_started: { category: 'perturbations', priority: true, say: (e) => `perturbation ${e.other} began${where(e)}` },
  perturbation_ended: { category: 'perturbations', say: (e) => `perturbation ${e.other} ended` },
  price_changed: { category: 'economy', say: (e) => `a price changed to ${e.value}` },
  chat: { category: 'social', say: (e) => `${e.agent} chatted with a neighbour${where(e)}` },
  chat_failure: { category: 'social', say: (e) => `${e.agent}'s chat went wrong` },
  shared_meal: { category: 'social', say: (e) => `${e.agent} shared a meal${where(e)}` },
  rivalry_changed: { category: 'social', say: (e) => `${e.agent}'s rivalry moved to ${e.value.toFixed(2)}` },
  manifest_reloaded: { category: 'operations', priority: true, say: () => 'the affordance manifest was reloaded' },
};

/** The narration line of an event, or undefined for kinds that are not told. */
export function narrate(tick: number, e: StreamEvent): NarrationItem | undefined {
  const story = STORIES[e.kind];
  if (!story) return undefined;
  return {
    tick,
    category: story.category,
    priority: story.priority ?? false,
    key: `${e.kind}:${e.agent ?? ''}:${e.object ?? ''}`,
    text: `[tick ${tick}] ${story.say(e)}`,
  };
}

/**
 * The narration throttle: a line whose key was told within `dedupe_ticks` is dropped; otherwise a priority line
 * passes, and any other line passes only while fewer than `global_per_window` lines (all categories) and fewer
 * than `category_per_window` lines of its category were told in the last `window_ticks` ticks. Priority lines
 * count toward the windows too.
 */
export class NarrationThrottle {
  readonly counts: NarrationCounts = { offered: 0, emitted: 0, deduped: 0, limited: 0 };
  #limits: NarrationLimits;
  readonly #lastByKey = new Map<string, number>();
  /** Ticks of the lines told in the window, all categories and per category. */
  readonly #global: number[] = [];
  readonly #byCategory = new Map<string, number[]>();

  constructor(limits: NarrationLimits) {
    this.#limits = pickLimits(limits);
  }

  /** The limits in force. */
  get limits(): NarrationLimits {
    return this.#limits;
  }

  /** Replaces the limits (at runtime: the next line is judged by them; what was told stays in the windows). */
  setLimits(limits: NarrationLimits): void {
    this.#limits = pickLimits(limits);
  }

  /** Whether `item` is told (and if so, records it). */
  allow(item: NarrationItem): boolean {
    this.counts.offered++;
    const l = this.#limits;
    const last = this.#lastByKey.get(item.key);
    if (last !== undefined && item.tick - last < l.dedupe_ticks) {
      this.counts.deduped++;
      return false;
    }
    const since = item.tick - l.window_ticks;
    prune(this.#global, since);
    const category = this.#byCategory.get(item.category) ?? [];
    prune(category, since);
    if (!item.priority && (this.#global.length >= l.global_per_window || category.length >= l.category_per_window)) {
      this.counts.limited++;
      return false;
    }
    this.#global.push(item.tick);
    category.push(item.tick);
    this.#byCategory.set(item.category, category);
    this.#lastByKey.set(item.key, item.tick);
    if (this.#lastByKey.size > 100_000) this.#forgetOld(item.tick);
    this.counts.emitted++;
    return true;
  }

  #forgetOld(tick: number): void {
    for (const [key, at] of this.#lastByKey) if (tick - at >= this.#limits.dedupe_ticks) this.#lastByKey.delete(key);
  }
}

/** Drops the ticks at or before `since` from the front of a tick-ordered list. */
function prune(ticks: number[], since: number): void {
  let n = 0;
  while (n < ticks.length && ticks[n]! <= since) n++;
  if (n > 0) ticks.splice(0, n);
}

/** Narrates an events payload through the throttle, calling `write` with each line told. */
export function narratePayload(
  throttle: NarrationThrottle,
  payload: EventsPayload,
  write: (line: string) => void,
): void {
  for (const e of payload.events) {
    const item = narrate(payload.tick, e);
    if (item && throttle.allow(item)) write(`${item.text}\n`);
  }
}
