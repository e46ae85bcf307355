import seedrandom from 'seedrandom';

/** The three named random streams of a shard (architecture guide §2.1). */
export const RNG_STREAMS = ['world', 'events', 'policy'] as const;
export type RngStreamName = (typeof RNG_STREAMS)[number];

/** A seeded random stream whose whole state can be read, hashed and restored. */
export interface RngStream {
  readonly name: RngStreamName;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
  /** The generator state as four numbers (hashed every tick, saved by snapshots). */
  readState(into: Float64Array): void;
  restoreState(from: Float64Array): void;
}

/** Number of float64 slots a stream's state occupies. */
export const RNG_STATE_WORDS = 4;

/**
 * Creates one stream. Alea is fast and its state is four numbers, so hashing it every tick is free.
 * The seed text joins config_id, the seed and the stream name, so streams and shards never share a sequence.
 */
export function createRngStream(configId: string, seed: number, name: RngStreamName): RngStream {
  let prng = seedrandom.alea(`${configId}:${seed}:${name}`, { state: true });
  return {
    name,
    next: () => prng(),
    int: (lo, hi) => lo + Math.floor(prng() * (hi - lo + 1)),
    readState(into) {
      const s = prng.state();
      into[0] = s.c;
      into[1] = s.s0;
      into[2] = s.s1;
      into[3] = s.s2;
    },
    restoreState(from) {
      const state: seedrandom.State.Alea = { c: from[0]!, s0: from[1]!, s1: from[2]!, s2: from[3]! };
      prng = seedrandom.alea('', { state });
    },
  };
}

/** The shard's streams by name. */
export type RngStreams = Readonly<Record<RngStreamName, RngStream>>;

/** Creates the world, events and policy streams of a shard. */
export function createRngStreams(configId: string, seed: number): RngStreams {
  return {
    world: createRngStream(configId, seed, 'world'),
    events: createRngStream(configId, seed, 'events'),
    policy: createRngStream(configId, seed, 'policy'),
  };
}
