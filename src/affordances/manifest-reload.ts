import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { InputError, type InputIssue, formatIssues } from '../core/errors.js';
import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { compileAffordances } from './affordance-table.js';
import { type AffordanceManifest, loadManifest } from './manifest.js';
import { engineScope } from './precondition-scope.js';

/** What a reload attempt did. */
export interface ManifestReload {
  /** applied: the new file is in force; unchanged: same bytes as the one in force; rejected: the old one stays. */
  status: 'applied' | 'unchanged' | 'rejected';
  path: string;
  /** Checksum of the manifest in force after the attempt. */
  checksum: string;
  /** For a rejection: every problem found, each naming where, what was expected and what was found. */
  issues?: readonly InputIssue[];
  /** One human-readable line (or block, for a rejection). */
  message: string;
}

/**
 * Reads, validates and compiles the manifest at `path` and, if it fits the running world, puts it in force.
 * It fits when it lists the same affordances, in the same order, on the same object types, with the same
 * exclusivity (action ids and running affordances depend on them) and the same placed objects (they are part
 * of the map). Anything else is rejected and changes nothing at all (the world hash stays the same). An applied
 * file writes a manifest_reloaded event. Call at a tick boundary only.
 */
export function reloadManifest(s: ShardState, path: string): ManifestReload {
  const old = s.manifest.current;
  let next: AffordanceManifest;
  try {
    next = loadManifest(path);
    if (next.checksum === old.checksum) {
      return { status: 'unchanged', path, checksum: old.checksum, message: `manifest unchanged: ${path}` };
    }
    const issues = incompatibilities(old, next);
    if (issues.length > 0) throw new InputError(issues);
    s.manifest.replace(next, compileAffordances(next, engineScope(s), s.objectTypes));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    // A rejected file changes nothing, not even an event count: the report goes to the caller only.
    return {
      status: 'rejected',
      path,
      checksum: old.checksum,
      issues: err.issues,
      message: `manifest reload rejected; ${short(old.checksum)} stays in force:\n${formatIssues(err.issues)}`,
    };
  }
  s.events.emit(EventKind.manifest_reloaded, 0);
  return {
    status: 'applied',
    path,
    checksum: next.checksum,
    message: `manifest reloaded: ${path} (${short(old.checksum)} → ${short(next.checksum)})`,
  };
}

/**
 * Notices when a manifest file changes, by its modification time (nanoseconds), size and inode: one `stat`
 * (about 2 µs) per check, no read. Checks happen at most every `intervalMs` of wall time, so a small shard
 * that ticks every few microseconds does not spend its time in `stat`. The wall clock only decides when to
 * look at the file (operator input), never anything inside the simulation. A missing file counts as a
 * change once.
 */
export class ManifestFileWatch {
  readonly path: string;
  readonly #intervalMs: number;
  #stamp: string;
  #checkedAt: number;

  /** Take the stamp before the manifest is first read: a change in between is then noticed, not missed. */
  constructor(path: string, intervalMs: number) {
    this.path = path;
    this.#intervalMs = intervalMs;
    this.#stamp = stampOf(path);
    this.#checkedAt = performance.now();
  }

  /** Records the file as seen now (after an on-demand reload), so the next poll does not read it again. */
  markSeen(): void {
    this.#stamp = stampOf(this.path);
    this.#checkedAt = performance.now();
  }

  /** True when the file changed since the last check (or since construction). */
  poll(): boolean {
    if (this.#intervalMs > 0) {
      const now = performance.now();
      if (now - this.#checkedAt < this.#intervalMs) return false;
      this.#checkedAt = now;
    }
    const stamp = stampOf(this.path);
    if (stamp === this.#stamp) return false;
    this.#stamp = stamp;
    return true;
  }
}

function stampOf(path: string): string {
  try {
    const st = statSync(path, { bigint: true, throwIfNoEntry: false });
    return st ? `${st.mtimeNs}:${st.size}:${st.ino}` : 'missing';
  } catch {
    return 'unreadable';
  }
}

function incompatibilities(old: AffordanceManifest, next: AffordanceManifest): InputIssue[] {
  const issues: InputIssue[] = [];
  const describe = (m: AffordanceManifest) =>
    m.affordances.map((a) => `${a.id}@${a.objectType}${a.exclusive ? '' : ' (shared)'}`).join(', ');
  if (describe(old) !== describe(next)) {
    issues.push({
      where: `${next.path}: affordances`,
      expected: `the affordances in force, in order (they are action ids): ${describe(old)}`,
      found: describe(next) || 'none',
      hint: 'change durations, effects, preconditions and hooks at runtime; restart the shard to change the list',
    });
  }
  const objects = (m: AffordanceManifest) =>
    m.objects.map((o) => `${o.id}@${o.objectType}[${o.position?.join(',') ?? ''}]`).join(', ');
  if (objects(old) !== objects(next)) {
    issues.push({
      where: `${next.path}: objects`,
      expected: `the placed objects in force (they are part of the map): ${objects(old) || 'none'}`,
      found: objects(next) || 'none',
    });
  }
  return issues;
}

function short(checksum: string): string {
  return checksum.slice(0, 12);
}
