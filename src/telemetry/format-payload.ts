import type { TelemetryPayload } from './payload-schemas.js';

/** One payload as people read it in `townlet telemetry tail`: a head line, and one line per event. */
export function formatPayload(p: TelemetryPayload): string[] {
  switch (p.payload_type) {
    case 'snapshot': {
      const k = p.world.kpis;
      const kpis = Object.keys(k).length > 0 ? ` self_sufficiency ${fmt(k['self_sufficiency'])}` : '';
      return [
        `tick ${p.tick} snapshot: ${Object.keys(p.agents).length} agents (as of tick ${p.agents_tick}), ` +
        `${Object.keys(p.objects).length} objects${p.privacy ? ', privacy on' : ''};` +
        ` live ${fmt(p.world.counters['live_agents'])}${kpis}`,
      ];
    }
    case 'diff': {
      const parts: string[] = [];
      if (p.agents) parts.push(`${count(p.agents)} agents`);
      if (p.objects) parts.push(`${count(p.objects)} objects`);
      for (const [section, change] of Object.entries(p.world ?? {})) {
        if (change) parts.push(`${section} ${Object.keys(change.set ?? {}).join(',')}`.trim());
      }
      return [`tick ${p.tick} diff: ${parts.length > 0 ? parts.join('; ') : 'nothing changed'}`];
    }
    case 'events':
      return p.events.map(
        (e) =>
          `tick ${p.tick} #${e.seq} ${e.kind}` +
          `${e.agent ? ` ${e.agent}` : ''}${e.object ? ` @${e.object}` : ''} other=${e.other}` +
          `${e.other_agent ? ` (${e.other_agent})` : ''} value=${e.value}`,
      );
    case 'aggregate': {
      const kinds = Object.entries(p.events.by_kind).map(([k, n]) => `${k} ${n}`).join(', ');
      const ss = p.kpis['self_sufficiency'];
      return [
        `ticks ${p.from_tick}…${p.tick} aggregate: ${p.payloads} payloads summarized, ${p.events.count} events` +
        `${kinds ? ` (${kinds})` : ''}${ss ? ` self_sufficiency ${fmt(ss.min)}–${fmt(ss.max)}` : ''}, backlog ${p.backlog}`,
      ];
    }
  }
}

function count(change: { set?: Record<string, unknown>; removed?: string[] }): number {
  return Object.keys(change.set ?? {}).length + (change.removed?.length ?? 0);
}

function fmt(v: unknown): string {
  return typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v ?? '—');
}
