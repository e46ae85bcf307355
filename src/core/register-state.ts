import { registerSocial } from '../../components/social.js';
import { registerEconomy } from '../economy/economy-state.js';
import { registerExitQueue } from '../employment/exit-queue.js';
import { registerPerturbations } from '../perturbations/perturbation-state.js';
import { RNG_STATE_WORDS, RNG_STREAMS, type RngStreams } from './rng.js';
import type { ShardState } from './shard-state.js';

/** Every mutable piece goes into the registry, in a fixed order: the world hash and snapshots walk it. */
export function registerState(s: ShardState): void {
  const r = s.registry;
  r.addField('clock.tick', s, 'clock');
  r.addGroup('position', s.positions);
  r.addGroup('needs', s.needs);
  r.addGroup('wallet', s.wallets);
  r.addGroup('life', s.life);
  r.addGroup('home', s.homes);
  r.addGroup('employment', s.employment);
  r.addGroup('objects', s.objects);
  r.addGroup('reservations', s.reservations);
  r.addGroup('queues', s.queues);
  r.addGroup('activity', s.activity);
  r.addField('actions.last', s.actions, 'last');
  r.addField('actions.result', s.actions, 'result');
  r.addGroup('policy', s.policyMemory);
  r.addGroup('personality', s.personality);
  registerSocial(r, s.social);
  registerEconomy(r, s.economy);
  registerExitQueue(r, s.exitQueue);
  registerPerturbations(r, s.perturbations);
  r.addGroup('kpis', s.kpis);
  r.addField('grid.walkable', s.grid, 'walkable');
  r.addBlock('ids.agents', s.agentIds);
  r.addBlock('ids.objects', s.objectIds);
  r.addBlock('ids.object_types', s.objectTypes);
  r.addBlock('manifest', s.manifest);
  r.addField('totals.values', s.totals, 'values');
  r.addField('affordances.completed', s, 'completions');
  r.addField('events.totals', s.events, 'totals');
  r.addBlock('rng', rngBlock(s.rng));
}

function rngBlock(rng: RngStreams) {
  const words = new Float64Array(RNG_STATE_WORDS * RNG_STREAMS.length);
  const read = () => {
    RNG_STREAMS.forEach((name, i) => {
      rng[name].readState(words.subarray(i * RNG_STATE_WORDS, (i + 1) * RNG_STATE_WORDS));
    });
    return words;
  };
  return {
    hashInto(update: (bytes: Uint8Array) => void) {
      update(new Uint8Array(read().buffer));
    },
    exportState() {
      return Array.from(read());
    },
    importState(state: unknown) {
      if (!Array.isArray(state) || state.length !== words.length || !state.every((x) => typeof x === 'number')) {
        return `${words.length} numbers (${RNG_STREAMS.length} streams of ${RNG_STATE_WORDS})`;
      }
      RNG_STREAMS.forEach((name, i) => {
        rng[name].restoreState(Float64Array.from(state.slice(i * RNG_STATE_WORDS, (i + 1) * RNG_STATE_WORDS)));
      });
      return undefined;
    },
  };
}
