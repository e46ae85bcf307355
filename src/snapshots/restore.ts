import { InputError, type InputIssue } from '../core/errors.js';
import { rebuildDerivedState } from '../core/rebuild-derived.js';
import type { ShardState } from '../core/shard-state.js';
import type { EntryLayout } from '../core/state-registry.js';
import { hashRegistry } from '../core/world-hash.js';
import { headerLayout, layoutDigest } from './format.js';
import type { DecodedSnapshot } from './reader.js';

/**
 * Puts a decoded snapshot's state into a freshly built shard state of the same layout: arrays are copied in
 * place (views held elsewhere, e.g. by worker threads, stay valid), blocks import their exported state, derived
 * caches are rebuilt. Throws InputError when the layouts differ (another build, another size) or a block refuses
 * its state; the restored world must then hash as recorded (unless `checkHash` is off: a migrated snapshot).
 */
export function restoreState(s: ShardState, snap: DecodedSnapshot, checkHash = true): void {
  const { header } = snap;
  checkLayout(snap.path, headerLayout(header), s.registry.layout(), header.layout_digest);
  const blocks = new Map(header.entries.flatMap((e) => (e.type === 'block' ? [[e.name, e.state] as const] : [])));
  const issues: InputIssue[] = [];
  s.registry.forEach((name, array, block) => {
    if (array) array.set(snap.arrays.get(name)!);
    else if (block) {
      const problem = block.importState(blocks.get(name));
      if (problem) issues.push({ where: `${snap.path}: ${name}`, expected: problem, found: 'something else' });
    }
  });
  if (issues.length > 0) throw new InputError(issues);
  rebuildDerivedState(s);
  const hash = hashRegistry(s.registry);
  if (checkHash && hash !== header.world_hash) {
    throw new InputError([
      {
        where: `${snap.path}: world_hash`,
        expected: `the restored world to hash ${header.world_hash}`,
        found: `${hash} (the snapshot does not describe a world this build can rebuild)`,
      },
    ]);
  }
}

/** Throws InputError naming the first entries that differ between a snapshot's layout and the shard's. */
function checkLayout(path: string, saved: EntryLayout[], current: EntryLayout[], savedDigest: string): void {
  const digest = layoutDigest(current);
  if (digest === layoutDigest(saved)) return;
  const issues: InputIssue[] = [];
  const mine = new Map(current.map((e) => [e.name, e]));
  const theirs = new Map(saved.map((e) => [e.name, e]));
  const show = (e: EntryLayout | undefined) => (e ? `${e.type}[${e.length}]` : 'no such entry');
  for (const e of saved) {
    const m = mine.get(e.name);
    if (!m || m.type !== e.type || m.length !== e.length)
      issues.push({ where: `${path}: state ${e.name}`, expected: show(m), found: show(e) });
  }
  for (const e of current) {
    if (!theirs.has(e.name)) issues.push({ where: `${path}: state ${e.name}`, expected: show(e), found: 'no such entry' });
  }
  if (issues.length === 0) {
    issues.push({ where: `${path}: state order`, expected: 'the registration order of this build', found: 'another order' });
  }
  const head = issues.slice(0, 8);
  head.unshift({
    where: `${path}: layout_digest`,
    expected: `this build's state layout ${digest}`,
    found: `${savedDigest}, ${issues.length} entries differ`,
  });
  throw new InputError(head);
}
