import type { RunKpis } from './kpis.js';

/** The charter targets of the operations handbook ("Checklist Before Demos"), all minimums. */
export const CHARTER_TARGETS = {
  self_sufficiency: 0.7,
  tenure_days_mean: 3,
  relationship_coverage: 0.6,
  income_spend_ratio: 1,
} as const;

export type CharterKpi = keyof typeof CHARTER_TARGETS;

/** Each charter KPI: its value, its target and whether the value meets it (a missing value does not). */
export type CharterCheck = Record<CharterKpi, { value: number | null; target: number; met: boolean }>;

/** Checks the KPIs against the charter targets. */
export function checkCharter(k: RunKpis): CharterCheck {
  const entries = (Object.keys(CHARTER_TARGETS) as CharterKpi[]).map((name) => {
    const value = k[name];
    const target = CHARTER_TARGETS[name];
    return [name, { value, target, met: value !== null && value >= target }] as const;
  });
  return Object.fromEntries(entries) as CharterCheck;
}
