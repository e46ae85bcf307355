import { existsSync, readFileSync } from 'node:fs';
import { inputError } from '../core/errors.js';
import { telemetryPayload } from './payload-schemas.js';

/** What `townlet telemetry summarize` finds in a telemetry file. */
export interface TelemetrySummary {
  files: string[];
  first_tick: number | null;
  last_tick: number | null;
  payloads: { snapshot: number; diff: number; events: number; aggregate: number; invalid: number };
  /** Ticks and events covered by aggregate summaries (aggregate mode) rather than sent one by one. */
  aggregated_ticks: number;
  aggregated_events: number;
  /** Ticks between the first and last with no state payload and no summary (dropped). */
  missing_ticks: number;
  events: number;
  /** Events whose sequence numbers are missing (dropped). */
  missing_events: number;
  events_by_kind: Record<string, number>;
  /** KPIs whenever they changed, thinned to at most 12 rows. */
  kpis: { tick: number; kpis: Record<string, unknown> }[];
}

/** The file and its rotated siblings, oldest first (PATH.k … PATH.1, PATH). */
export function rotatedFiles(path: string): string[] {
  const older: string[] = [];
  for (let i = 1; existsSync(`${path}.${i}`); i++) older.unshift(`${path}.${i}`);
  return [...older, path];
}

/** Reads a telemetry file (with its rotated siblings) and counts what is in it. */
export function summarizeTelemetry(path: string): TelemetrySummary {
  if (!existsSync(path)) inputError('telemetry summarize', 'an existing telemetry file', path);
  const files = rotatedFiles(path);
  const s: TelemetrySummary = {
    files,
    first_tick: null,
    last_tick: null,
    payloads: { snapshot: 0, diff: 0, events: 0, aggregate: 0, invalid: 0 },
    aggregated_ticks: 0,
    aggregated_events: 0,
    missing_ticks: 0,
    events: 0,
    missing_events: 0,
    events_by_kind: {},
    kpis: [],
  };
  let nextSeq: number | undefined;
  let lastStateTick: number | undefined;
  let kpis: Record<string, unknown> = {};
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      let parsed;
      try {
        parsed = telemetryPayload.safeParse(JSON.parse(line));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) {
        s.payloads.invalid++;
        continue;
      }
      const p = parsed.data;
      s.payloads[p.payload_type]++;
      s.first_tick ??= p.tick;
      s.last_tick = Math.max(s.last_tick ?? p.tick, p.tick);
      if (p.payload_type === 'events') {
        for (const e of p.events) {
          if (nextSeq !== undefined && e.seq > nextSeq) s.missing_events += e.seq - nextSeq;
          nextSeq = e.seq + 1;
          s.events++;
          s.events_by_kind[e.kind] = (s.events_by_kind[e.kind] ?? 0) + 1;
        }
        continue;
      }
      if (p.payload_type === 'aggregate') {
        // A summary covers its ticks and its events' seq range: they are not missing.
        s.aggregated_ticks += p.ticks;
        s.aggregated_events += p.events.count;
        const gap = lastStateTick === undefined ? 0 : p.from_tick - lastStateTick - 1;
        if (gap > 0) s.missing_ticks += gap;
        lastStateTick = p.tick;
        if (nextSeq !== undefined && p.events.first_seq > nextSeq) s.missing_events += p.events.first_seq - nextSeq;
        if (p.events.count > 0 || nextSeq !== undefined) nextSeq = p.events.first_seq + p.events.count;
        for (const [kind, n] of Object.entries(p.events.by_kind)) {
          s.events_by_kind[kind] = (s.events_by_kind[kind] ?? 0) + n;
        }
        continue;
      }
      if (lastStateTick !== undefined && p.tick > lastStateTick + 1) s.missing_ticks += p.tick - lastStateTick - 1;
      lastStateTick = p.tick;
      const before = JSON.stringify(kpis);
      if (p.payload_type === 'snapshot') kpis = { ...p.world.kpis };
      else if (p.world?.kpis) kpis = { ...kpis, ...p.world.kpis.set };
      if (JSON.stringify(kpis) !== before && Object.keys(kpis).length > 0) s.kpis.push({ tick: p.tick, kpis });
    }
  }
  s.kpis = thin(s.kpis, 12);
  return s;
}

function thin<T>(rows: T[], n: number): T[] {
  if (rows.length <= n) return rows;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(rows[Math.round((i * (rows.length - 1)) / (n - 1))]!);
  return out;
}

/** `townlet telemetry summarize FILE`: the summary as a table (or JSON). */
export function summarizeCommand(path: string, o: { json?: boolean }): string {
  const s = summarizeTelemetry(path);
  if (o.json) return JSON.stringify(s);
  const kinds = Object.entries(s.events_by_kind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const keys = ['self_sufficiency', 'tenure_days_mean', 'relationship_coverage', 'income_spend_ratio', 'starvation_incidents'];
  const r = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : '—');
  return [
    `files        ${s.files.join(', ')}`,
    `ticks        ${s.first_tick ?? '—'} … ${s.last_tick ?? '—'} (${s.missing_ticks} missing: dropped)`,
    `payloads     snapshot ${s.payloads.snapshot}, diff ${s.payloads.diff}, events ${s.payloads.events}` +
    (s.payloads.aggregate ? `, aggregate ${s.payloads.aggregate} (${s.aggregated_ticks} ticks, ${s.aggregated_events} events summarized)` : '') +
    (s.payloads.invalid ? `, ${s.payloads.invalid} not telemetry` : ''),
    `events       ${s.events} (${s.missing_events} missing: dropped)`,
    `by kind      ${kinds || '—'}`,
    `kpis         tick  ${keys.join('  ')}`,
    ...s.kpis.map((row) => `             ${row.tick}  ${keys.map((k) => r(row.kpis[k])).join('  ')}`),
  ].join('\n');
}
