import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { PerturbationKind, SLOT_ACTIVE } from '../perturbations/perturbation-state.js';
import { updateAllBaskets } from './basket.js';
import { ECONOMY_PRICES } from './prices.js';

/**
 * Recomputes current prices: price p = baseline[p] × the magnitude of every active price spike that targets p
 * (multiplied in event-table order). Writes economy.prices and, for every price that changed (and for `announce`,
 * the index of a price that was just set), a price_changed event (other = price index, value = new price); when
 * any price changed, every live agent's basket cost. Runs only when a price is set or a spike starts or ends.
 */
export function refreshPrices(s: ShardState, announce = -1): void {
  const { baseline, prices } = s.economy;
  const p = s.perturbations;
  let changed = false;
  for (let k = 0; k < ECONOMY_PRICES.length; k++) {
    let m = 1;
    for (let slot = 0; slot < p.status.length; slot++) {
      const spike = p.status[slot] === SLOT_ACTIVE && p.kind[slot] === PerturbationKind.price_spike;
      if (spike && (p.targets[slot]! >> k) & 1) m *= p.magnitude[slot]!;
    }
    const next = baseline[k]! * m;
    if (next !== prices[k] || k === announce) {
      changed ||= next !== prices[k];
      prices[k] = next;
      s.events.emit(EventKind.price_changed, 0, 0, k, next);
    }
  }
  if (changed) updateAllBaskets(s);
}
