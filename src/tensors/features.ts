import { ActionResult } from '../actions/action-space.js';
import { ShiftState } from '../employment/shift-states.js';
import { stepDownAt, UNREACHABLE } from '../world/tile-field.js';
import type { ObsContext } from './observation-context.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/**
 * Shift state code (ShiftState) → offset of its one-hot feature within shift_pre, shift_on_time, shift_late,
 * shift_absent, shift_post: pre_shift and await_start both count as pre (reference §5.2).
 */
const SHIFT_ONE_HOT = Int8Array.from([0, 0, 1, 2, 3, 4]);

/** ActionResult codes that count as a successful last action (anything but none, failed, refused, invalid, evicted). */
const SUCCESS = new Uint8Array(16);
for (const r of [
  ActionResult.moved,
  ActionResult.started,
  ActionResult.queued,
  ActionResult.finished,
  ActionResult.released,
  ActionResult.chatted,
  ActionResult.running,
]) {
  SUCCESS[r] = 1;
}

/**
 * The core features of agent `eid` (docs/TENSORS.md, `core` slice): needs, wallet, employment, clock, embedding
 * slot, ctx_reset, episode progress, rivalry, last action, holds and lines, path hints. The row is zeroed.
 */
export function writeCoreFeatures(c: ObsContext, base: number, eid: number, tile: number): void {
  const { obs, s, t, tick } = c;
  const at = base + c.core;
  const { needs, employment: job, life } = s;
  const hunger = needs.hunger[eid]!;
  const hygiene = needs.hygiene[eid]!;
  const energy = needs.energy[eid]!;
  obs[at] = hunger;
  obs[at + 1] = hygiene;
  obs[at + 2] = energy;
  obs[at + 3] = s.wallets.balance[eid]!;
  obs[at + 4] = job.lateTicksToday[eid]!;
  const shift = job.shiftState[eid]!;
  obs[at + 5] = shift === ShiftState.onTime || shift === ShiftState.late ? 1 : 0;
  obs[at + 6] = c.timeSin;
  obs[at + 7] = c.timeCos;
  obs[at + 8] = job.attendance[eid]!;
  obs[at + 9] = job.withheldToday[eid]!;
  obs[at + 10 + SHIFT_ONE_HOT[shift]!] = 1;
  const e = t.embeddings;
  obs[at + 15] = e.slotOf[eid]! / e.maxSlots;
  obs[at + 16] = t.observer.ctxReset[eid]!;
  obs[at + 17] = Math.min(1, Math.max(0, (tick - life.bornTick[eid]!) / s.config.ticks_per_day));
  writeRivalry(c, at + 18, eid);
  obs[at + 20] = s.actions.last[eid]! / c.nActions;
  obs[at + 21] = SUCCESS[s.actions.result[eid]!]!;
  const k = s.activity.affordance[eid]!;
  if (k >= 0) obs[at + 22] = Math.min(1, (tick - s.activity.startTick[eid]! + 1) / s.manifest.table.duration[k]!);
  obs[at + 23] = s.queues.holds[eid]! >= 0 ? 1 : 0;
  obs[at + 24] = s.queues.waitingFor[eid]! >= 0 ? 1 : 0;
  writePathHint(c, at + 25, hunger, hygiene, energy, tile);
}

/** rivalry_max and rivalry_avoid_count over the agent's live rivalry edges (its own ledger only). */
function writeRivalry(c: ObsContext, at: number, eid: number): void {
  const { social, life } = c.s;
  const count = social.rivalryCount[eid]!;
  if (count === 0 || social.ownerLife[eid] !== life.life[eid]) return;
  const avoid = c.s.config.conflict.rivalry.avoid_threshold;
  let max = 0;
  let avoided = 0;
  const from = eid * social.rivalryK;
  for (let i = from; i < from + count; i++) {
    const b = social.rivalryPartner[i]!;
    if (life.alive[b] !== 1 || life.life[b] !== social.rivalryPartnerLife[i]) continue;
    const score = social.rivalryScore[i]!;
    if (score > max) max = score;
    if (score >= avoid) avoided++;
  }
  c.obs[at] = max;
  c.obs[at + 1] = avoided;
}

/**
 * path_hint_north/south/east/west: 1 for the first move one step down the distance field toward the object
 * type that serves the most urgent need (lowest need ÷ behaviour threshold; ties in need order): the first
 * reachable type in the manifest's order for that need (largest effect first). All 0 when the agent stands
 * beside such an object or none is reachable. The move per need and tile is tabled (path-hints.ts).
 */
function writePathHint(c: ObsContext, at: number, hunger: number, hygiene: number, energy: number, tile: number) {
  const th = c.thresholds;
  let need = 0;
  let best = th[0]! > 0 ? hunger / th[0]! : INF;
  const u1 = th[1]! > 0 ? hygiene / th[1]! : INF;
  if (u1 < best) {
    best = u1;
    need = 1;
  }
  if ((th[2]! > 0 ? energy / th[2]! : INF) < best) need = 2;
  const move = c.pathHints[need]![tile]!;
  if (move > 0) c.obs[at + move - 1] = 1;
}

/**
 * Landmarks (include_targets): per LANDMARK_TYPES entry, dx/d, dy/d and d (Euclidean, tiles) to the object of
 * that type nearest by walking; all 0 when none is reachable.
 */
export function writeLandmarks(c: ObsContext, base: number, cx: number, cy: number, tile: number): void {
  const { obs } = c;
  const rows = c.t.observer.landmarkRow;
  const { x: ox, y: oy } = c.s.objects;
  for (let i = 0; i < 4; i++) {
    const field = rows[i];
    const row = field ? field[tile]! : -1;
    if (row < 0) continue;
    const dx = ox[row]! - cx;
    const dy = oy[row]! - cy;
    const d = Math.sqrt(dx * dx + dy * dy);
    const div = d === 0 ? 1 : d;
    const at = base + c.landmarks + 3 * i;
    obs[at] = dx / div;
    obs[at + 1] = dy / div;
    obs[at + 2] = d;
  }
}

/**
 * Work features (docs/TENSORS.md, `work` slice), all 0 without a job: job_id_norm = (job + 1) ÷ jobs; at_work = 1
 * on a work tile of the job; shift_starts_in = ticks until the next shift start ÷ ticks_per_day (0 during the
 * shift); shift_ends_in = ticks left in the shift, this one included, ÷ ticks_per_day (0 outside it); work_dx,
 * work_dy, work_dist = dx/d, dy/d (Euclidean d) to the work tile nearest by walking and the walking distance ÷
 * ticks_per_day (ticks of walking, comparable with shift_starts_in); work hints = the first move down the job's
 * work field while the next shift starts within (walk + observations.work.hint_lead_ticks) ticks or is on (0 at
 * work and when work is unreachable).
 */
export function writeWork(c: ObsContext, base: number, eid: number, cx: number, cy: number, tile: number): void {
  const { s, obs } = c;
  const j = s.employment.job[eid]!;
  const jobs = s.jobs;
  if (j < 0 || j >= jobs.count) return;
  const at = base + c.work;
  const tpd = s.config.ticks_per_day;
  const tod = c.tick % tpd;
  const start = jobs.start[j]!;
  const end = jobs.end[j]!;
  const onShift = tod >= start && tod <= end;
  const untilStart = onShift ? 0 : tod < start ? start - tod : tpd - tod + start;
  obs[at] = (j + 1) / jobs.count;
  obs[at + 2] = untilStart / tpd;
  if (onShift) obs[at + 3] = (end + 1 - tod) / tpd;
  const field = jobs.fields[j]!;
  const d = field[tile]!;
  if (d === UNREACHABLE) return;
  if (d === 0) {
    obs[at + 1] = 1;
    return;
  }
  const target = c.t.observer.workTarget[j]?.[tile] ?? -1;
  if (target >= 0) {
    const dx = (target % c.width) - cx;
    const dy = Math.floor(target / c.width) - cy;
    const e = Math.sqrt(dx * dx + dy * dy);
    obs[at + 4] = dx / e;
    obs[at + 5] = dy / e;
  }
  obs[at + 6] = d / tpd;
  if (untilStart > d + c.workLead) return;
  const move = stepDownAt(field, tile, cx, d, c.width);
  if (move > 0) obs[at + 6 + move] = 1;
}

/** Personality features (features.observations.personality_channels): extroversion, forgiveness, ambition. */
export function writePersonality(c: ObsContext, base: number, eid: number): void {
  const p = c.s.personality;
  const at = base + c.personality;
  c.obs[at] = p.extroversion[eid]!;
  c.obs[at + 1] = p.forgiveness[eid]!;
  c.obs[at + 2] = p.ambition[eid]!;
}
