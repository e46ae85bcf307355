import { loadConfigFile } from '/work/wt-teach/dist/src/config/load-config.js';
import { BASELINE_POLICIES, runEpisode } from '/work/wt-teach/dist/src/baselines/episode.js';
const agents = Number(process.argv[2] ?? 64);
const ticks = Number(process.argv[3] ?? 1440);
const only = process.argv[4]?.split(',');
const seed = Number(process.argv[5] ?? 1);
const loaded = loadConfigFile('/work/wt-teach/configs/town.yaml', { agents });
for (const p of BASELINE_POLICIES) {
  if (only && !only.includes(p)) continue;
  const t0 = Date.now();
  const r = runEpisode(loaded, p, seed, ticks);
  console.log(p, r.returnMean.toFixed(2), 'faints', r.faints, 'clip', r.clippedShare.toFixed(3), JSON.stringify(r.kpis), Object.entries(r.components).map(([k,v])=>`${k}=${v.toFixed(2)}`).join(' '), (Date.now()-t0)+'ms');
}
