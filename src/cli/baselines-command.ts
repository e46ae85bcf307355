import { BASELINE_POLICIES, type BaselinePolicyName } from '../baselines/episode.js';
import { type BaselineRow, runBaselines } from '../baselines/run-baselines.js';
import { loadConfigFile } from '../config/load-config.js';
import { inputError } from '../core/errors.js';

/** Options of `townlet baselines`. */
export interface BaselinesOptions {
  config: string;
  agents?: number;
  seeds: string;
  ticks?: number;
  policies?: string;
  json?: boolean;
}

/**
 * `townlet baselines` (docs/CLI.md, docs/TRAINING.md): one episode per seed for each baseline policy; prints a
 * table (R with its 95% interval, faints, charter KPIs, reward components) or, with --json, one line per policy.
 */
export function baselinesCommand(o: BaselinesOptions): BaselineRow[] {
  const seeds = parseSeeds(o.seeds);
  const policies = parsePolicies(o.policies);
  const loaded = loadConfigFile(o.config, o.agents !== undefined ? { agents: o.agents } : {});
  const ticks = o.ticks ?? loaded.config.env.episode_ticks;
  const rows = runBaselines(loaded, policies, seeds, ticks);
  for (const row of rows) {
    if (o.json) {
      const { policy, return_mean, return_ci95, faints, kpis, components, clipped_share, seeds: s, returns } = row;
      const line = { policy, return_mean, return_ci95, faints, kpis, components, clipped_share, seeds: s, returns };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }
  if (!o.json) process.stdout.write(formatTable(rows, loaded.config.config_id, ticks, loaded.config.population.count));
  return rows;
}

/** "A-B" (inclusive) or a single seed "A"; anything else is an InputError naming --seeds. */
export function parseSeeds(text: string): number[] {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const from = m ? Number(m[1]) : NaN;
  const to = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from || to - from >= 1000) {
    inputError('--seeds', 'a seed or an inclusive range A-B (A ≤ B, at most 1,000 seeds), e.g. 1-3', `"${text}"`);
  }
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function parsePolicies(text: string | undefined): BaselinePolicyName[] {
  if (text === undefined) return [...BASELINE_POLICIES];
  const names = text.split(',').map((p) => p.trim());
  for (const name of names) {
    if (!(BASELINE_POLICIES as readonly string[]).includes(name)) {
      inputError('--policies', `a comma-separated list of ${BASELINE_POLICIES.join(', ')}`, `"${name}"`);
    }
  }
  return names as BaselinePolicyName[];
}

function formatTable(rows: readonly BaselineRow[], configId: string, ticks: number, agents: number): string {
  const n = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits));
  const lines = [
    `baselines  ${configId}, ${agents} agents, ${ticks} ticks, seeds ${rows[0]?.seeds.join(',') ?? ''}`,
    '',
    'policy       R (±95%)          faints  self_suff  tenure  coverage  inc/spend  survival   needs    wage  punct  social  terminal',
  ];
  for (const r of rows) {
    const c = r.components;
    const k = r.kpis;
    lines.push(
      [
        r.policy.padEnd(11),
        `${n(r.return_mean).padStart(7)} ± ${n(r.return_ci95).padEnd(6)}`,
        n(r.faints, 1).padStart(8),
        n(k.self_sufficiency).padStart(10),
        n(k.tenure_days_mean).padStart(7),
        n(k.relationship_coverage).padStart(9),
        n(k.income_spend_ratio).padStart(10),
        n(c.survival).padStart(9),
        n(c.needs_penalty).padStart(7),
        n(c.wage).padStart(7),
        n(c.punctuality).padStart(6),
        n(c.social_bonus + c.social_penalty + c.social_avoidance).padStart(7),
        n(c.terminal_penalty).padStart(9),
      ].join(' '),
    );
  }
  return `${lines.join('\n')}\n`;
}
