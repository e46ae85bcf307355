import { inputError } from '../core/errors.js';
import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { refreshPrices } from './price-update.js';
import { ECONOMY_PRICES, isPriceKey, PriceIndex } from './prices.js';

/** Largest price or wage the API accepts (the config's bound). */
const MAX_AMOUNT = 1000;

/**
 * Sets economy price `key`'s baseline to `value`; active price spikes still multiply it. Writes economy.baseline,
 * economy.prices, basket costs and a price_changed event (value = the new current price). An unknown key or a
 * value that is not a finite number in [0, 1000] throws InputError and changes nothing.
 */
export function setPrice(s: ShardState, key: string, value: number): void {
  if (typeof key !== 'string' || !isPriceKey(key)) {
    inputError('setPrice(key)', `a price key (${ECONOMY_PRICES.join(', ')})`, JSON.stringify(key) ?? String(key));
  }
  checkAmount(`setPrice(${key}, value)`, 'a price', value);
  const k = PriceIndex[key];
  s.economy.baseline[k] = value;
  refreshPrices(s, k);
}

/**
 * Sets job `job`'s wage per tick on shift (economy.wages, which employment pays) and writes a wage_changed event
 * (other = job index, value = the new wage). An unknown job or a bad value throws InputError, changing nothing.
 */
export function setWage(s: ShardState, job: string, value: number): void {
  const j = typeof job === 'string' ? s.jobIds.indexOf(job) : -1;
  if (j < 0) {
    const jobs = s.jobIds.length > 0 ? s.jobIds.join(', ') : 'none: the config has no jobs';
    inputError('setWage(job)', `a job id (${jobs})`, JSON.stringify(job) ?? String(job));
  }
  checkAmount(`setWage(${job}, value)`, 'a wage', value);
  s.economy.wages[j] = value;
  s.events.emit(EventKind.wage_changed, 0, 0, j, value);
}

/** Current prices by key (spikes applied). Reads economy.prices. */
export function currentPrices(s: ShardState): Record<string, number> {
  return Object.fromEntries(ECONOMY_PRICES.map((key, k) => [key, s.economy.prices[k]!]));
}

/** Current wage per tick on shift of each job. Reads economy.wages. */
export function currentWages(s: ShardState): Record<string, number> {
  return Object.fromEntries(s.jobIds.map((id, j) => [id, s.economy.wages[j]!]));
}

function checkAmount(where: string, what: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_AMOUNT) {
    inputError(where, `${what}: a finite number in [0, ${MAX_AMOUNT}]`, String(value));
  }
}
