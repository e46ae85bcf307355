import { loadConfigFile } from '/work/wt-teach/dist/src/config/load-config.js';
import { TownEnv } from '/work/wt-teach/dist/src/env/town-env.js';
import { rulePolicy } from '/work/wt-teach/dist/src/baselines/rule-policy.js';
import seedrandom from 'seedrandom';
const loaded = loadConfigFile('/work/wt-teach/configs/town.yaml', { agents: 64 });
const env = new TownEnv(loaded);
const t = env.shard.state.manifest.table;
const need = new Int8Array(t.count).fill(-1);
for (let k=0;k<t.count;k++){let b=0;for(let n=0;n<3;n++){if(t.effects[k*4+n]>b){b=t.effects[k*4+n];need[k]=n;}}}
const pol = rulePolicy({capacity: env.capacity, nActions: env.nActions, actionNames: env.actionNames, random: seedrandom.alea('x'), spec: env.spec, affordanceNeed: need});
let step = env.reset(1);
const acts = new Int32Array(env.capacity);
const hist = Array.from({length: env.capacity}, () => []);
for (let tick=0; tick<1440; tick++) {
  pol.act(step, acts);
  const s = env.shard.state;
  for (let r=0;r<env.capacity;r++){ const e=r+1; hist[r].push(`${tick}:a${acts[r]} h${s.needs.hunger[e].toFixed(2)} y${s.needs.hygiene[e].toFixed(2)} e${s.needs.energy[e].toFixed(2)} w${s.wallets.balance[e].toFixed(1)} x${s.positions.x[e]},${s.positions.y[e]}`); if (hist[r].length>12) hist[r].shift(); }
  step = env.step(acts);
  for (let r=0;r<env.capacity;r++) if (step.terminations[r]) { console.log('FAINT row', r, 'tick', tick, 'job', s.employment.job[r+1]); console.log(hist[r].join('\n')); }
}
