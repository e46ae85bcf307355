import type { ShardState } from '../core/shard-state.js';

/** PLACEHOLDER (economy helper): sets economy price `key` (its baseline; active spikes still multiply it). */
export function setPrice(_s: ShardState, _key: string, _value: number): void {
  throw new Error('not implemented yet');
}

/** PLACEHOLDER: sets job `job`'s wage per tick on shift. */
export function setWage(_s: ShardState, _job: string, _value: number): void {
  throw new Error('not implemented yet');
}

/** PLACEHOLDER: current prices by key (spikes applied). */
export function currentPrices(_s: ShardState): Record<string, number> {
  return {};
}

/** PLACEHOLDER: current wage per tick of each job. */
export function currentWages(_s: ShardState): Record<string, number> {
  return {};
}
