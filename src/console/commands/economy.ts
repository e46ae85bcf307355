import { z } from 'zod';
import { currentPrices, currentWages, setPrice, setWage } from '../../economy/economy-api.js';
import { ECONOMY_PRICES, isPriceKey } from '../../economy/prices.js';
import { refuse } from '../codes.js';
import { command } from '../command.js';

/** A price or wage the economy API accepts. */
const amount = z.number().finite().min(0).max(1000);

/** set_price {key, value}: a price's baseline (active spikes still multiply it). */
export const setPriceCommand = command({
  name: 'set_price',
  summary: 'set an economy price baseline (spikes still multiply it)',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({ key: z.string(), value: amount }),
  validate: (_facts, a) => {
    if (!isPriceKey(a.key)) refuse('not_found', `args.key: expected a price key (${ECONOMY_PRICES.join(', ')}), found "${a.key}"`);
  },
  run: (ctx, a) => {
    ctx.shard.guard('set_price');
    setPrice(ctx.shard.state, a.key, a.value);
    return { key: a.key, value: a.value, price: currentPrices(ctx.shard.state)[a.key] };
  },
});

/** set_wage {job, value}: a job's wage per tick on shift. */
export const setWageCommand = command({
  name: 'set_wage',
  summary: 'set a job\'s wage per tick on shift',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({ job: z.string(), value: amount }),
  validate: (facts, a) => {
    const jobs = facts.jobIds;
    if (jobs.indexOf(a.job) < 0) refuse('not_found', `args.job: expected a job id (${jobs.join(', ') || 'none'}), found "${a.job}"`);
  },
  run: (ctx, a) => {
    ctx.shard.guard('set_wage');
    setWage(ctx.shard.state, a.job, a.value);
    return { job: a.job, wage: currentWages(ctx.shard.state)[a.job] };
  },
});
