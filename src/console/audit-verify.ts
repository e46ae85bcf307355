import { readFileSync } from 'node:fs';
import { inputError } from '../core/errors.js';
import { type AuditLine, lineHash } from './audit-log.js';

/** The outcome of a verify: ok with the head and line count, or the first bad line named. */
export type VerifyResult =
  | { ok: true; lines: number; head: string | null } |
  { ok: false; where: string; problem: string };

/**
 * Checks the hash chain of audit files read in the given order (a chain may run across days). Names the first line
 * that was edited (its hash does not match its content), removed (a gap in the sequence), inserted or reordered
 * (a sequence number out of place), or that does not link to the line before it. Unreadable files are bad input.
 */
export function verifyAudit(files: readonly string[]): VerifyResult {
  let prev: AuditLine | undefined;
  let prevWhere = '';
  let count = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      inputError(file, 'a readable audit log file', (err as NodeJS.ErrnoException).code ?? 'an error');
    }
    const rows = text.split('\n');
    if (rows.at(-1) === '') rows.pop();
    for (let i = 0; i < rows.length; i++) {
      const where = `${file}:${i + 1}`;
      const line = parseLine(rows[i]!);
      if (!line) return { ok: false, where, problem: 'not an audit line (edited or damaged)' };
      const { hash, ...body } = line;
      if (lineHash(body) !== hash) return { ok: false, where, problem: 'edited: its hash does not match its content' };
      if (prev) {
        if (line.seq === prev.seq + 1 && line.prev !== prev.hash) {
          return { ok: false, where: prevWhere, problem: 'edited and rehashed: the next line\'s prev is not its hash' };
        }
        if (line.seq > prev.seq + 1) return { ok: false, where, problem: `removed or reordered lines before it (seq ${prev.seq} then ${line.seq})` };
        if (line.seq <= prev.seq) return { ok: false, where, problem: `inserted or reordered (seq ${line.seq} after ${prev.seq})` };
      }
      prev = line;
      prevWhere = where;
      count++;
    }
  }
  return { ok: true, lines: count, head: prev?.hash ?? null };
}

function parseLine(text: string): AuditLine | undefined {
  try {
    const v = JSON.parse(text) as AuditLine;
    if (typeof v !== 'object' || v === null || typeof v.hash !== 'string' || typeof v.prev !== 'string' || !Number.isInteger(v.seq)) return undefined;
    return v;
  } catch {
    return undefined;
  }
}
