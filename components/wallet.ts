import { sharedFloat64 } from './shared-arrays.js';

/** Agent money, indexed by agent entity id. Float64: balances accumulate thousands of small wages. */
export function createWallets(capacity: number) {
  return { balance: sharedFloat64(capacity + 1) };
}
export type Wallets = ReturnType<typeof createWallets>;
