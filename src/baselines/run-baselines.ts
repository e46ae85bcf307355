import type { LoadedConfig } from '../config/load-config.js';
import type { CharterKpi } from '../kpis/charter.js';
import type { RewardComponent } from '../tensors/reward-components.js';
import { type BaselinePolicyName, type EpisodeResult, runEpisode } from './episode.js';
import { meanWithInterval } from './interval.js';

/** One policy's line of the baseline table: means over the seeds' episodes (docs/TRAINING.md). */
export interface BaselineRow {
  readonly policy: BaselinePolicyName;
  /** R (summed reward per slot over an episode, mean over slots), mean over seeds. */
  readonly return_mean: number;
  /** Half-width of R's 95% interval over seeds (Student's t); null with one seed. */
  readonly return_ci95: number | null;
  /** Faints per episode, mean over seeds. */
  readonly faints: number;
  /** Charter KPIs at the episode's end, mean over seeds (null when a seed had none). */
  readonly kpis: Record<CharterKpi, number | null>;
  /** Reward components per slot over an episode, mean over seeds. */
  readonly components: Record<RewardComponent, number>;
  /** Share of live agent-ticks whose reward sat at the per-tick clip bound, mean over seeds. */
  readonly clipped_share: number;
  readonly seeds: readonly number[];
  /** R of each seed's episode, in seed order. */
  readonly returns: readonly number[];
}

/** Runs one episode of `ticks` per seed for each policy and summarises each policy over the seeds. */
export function runBaselines(
  loaded: LoadedConfig,
  policies: readonly BaselinePolicyName[],
  seeds: readonly number[],
  ticks: number,
  onEpisode?: (e: EpisodeResult) => void,
): BaselineRow[] {
  return policies.map((policy) => {
    const episodes = seeds.map((seed) => {
      const e = runEpisode(loaded, policy, seed, ticks);
      onEpisode?.(e);
      return e;
    });
    return summarize(policy, seeds, episodes);
  });
}

function summarize(policy: BaselinePolicyName, seeds: readonly number[], episodes: EpisodeResult[]): BaselineRow {
  const returns = episodes.map((e) => e.returnMean);
  const { mean, ci95 } = meanWithInterval(returns);
  const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const first = episodes[0]!;
  const kpis = Object.fromEntries(
    (Object.keys(first.kpis) as CharterKpi[]).map((k) => {
      const values = episodes.map((e) => e.kpis[k]);
      return [k, values.some((v) => v === null) ? null : avg(values as number[])];
    }),
  ) as Record<CharterKpi, number | null>;
  const components = Object.fromEntries(
    (Object.keys(first.components) as RewardComponent[]).map((k) => [k, avg(episodes.map((e) => e.components[k]))]),
  ) as Record<RewardComponent, number>;
  return {
    policy,
    return_mean: mean,
    return_ci95: ci95,
    faints: avg(episodes.map((e) => e.faints)),
    kpis,
    components,
    clipped_share: avg(episodes.map((e) => e.clippedShare)),
    seeds,
    returns,
  };
}
