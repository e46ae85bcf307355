import type { ShardState } from '../core/shard-state.js';

/** Overrides of a manually scheduled perturbation. */
export interface ManualPerturbation {
  /** Ticks from now until it starts (0 = at the start of the next tick). */
  startsIn?: number;
  duration?: number;
  magnitude?: number;
  /** Price keys or groups of a price spike. */
  targets?: string[];
}

/** A perturbation as the API reports it. */
export interface PerturbationInfo {
  id: number;
  spec: string;
  kind: string;
  state: 'pending' | 'active';
  startsAt: number;
  endsAt: number;
}

/** PLACEHOLDER (perturbation helper): schedules spec `spec` by hand; returns the event id. */
export function schedulePerturbation(_s: ShardState, _spec: string, _options: ManualPerturbation): number {
  throw new Error('not implemented yet');
}

/** PLACEHOLDER: cancels a pending or active event. */
export function cancelPerturbation(_s: ShardState, _id: number): void {
  throw new Error('not implemented yet');
}

/** PLACEHOLDER: pending and active events. */
export function listPerturbations(_s: ShardState): PerturbationInfo[] {
  return [];
}
