import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, type AuditRecord, lineHash } from '../src/console/audit-log.js';
import { verifyAudit } from '../src/console/audit-verify.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-audit-');
let n = 0;

/** A fresh log of `lines` lines in its own folder; returns its one file and the lines. */
function writeLog(lines = 6): { file: string; rows: string[] } {
  const folder = join(dir, `log-${++n}`);
  const log = new AuditLog(folder);
  const day = new Date('2026-12-02T06:00:00Z');
  for (let i = 0; i < lines; i++) {
    const record: AuditRecord = {
      cmd_id: `c${i}`, label: 'alice', role: 'admin', command: 'set_price', args_digest: 'ab'.repeat(32), code: 'ok', status: 200, tick: i,
    };
    log.append(record, day);
  }
  const file = join(folder, '2026-12-02.jsonl');
  return { file, rows: readFileSync(file, 'utf8').trim().split('\n') };
}

function save(file: string, rows: string[]): void {
  writeFileSync(file, `${rows.join('\n')}\n`);
}

describe('townlet audit verify', () => {
  it('accepts an untouched chain (exit 0, the head hash)', () => {
    const { file, rows } = writeLog();
    const head = (JSON.parse(rows.at(-1)!) as { hash: string }).hash;
    expect(verifyAudit([file])).toEqual({ ok: true, lines: 6, head });
    const r = runCli(['audit', 'verify', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`OK: 6 lines, head ${head}`);
    expect(runCli(['audit', 'verify', file, '--head', head]).code).toBe(0);
  });

  it.each([
    ['edited', (rows: string[]) => rows.map((r, i) => (i === 2 ? r.replace('"tick":2', '"tick":99') : r)), 3, /edited/],
    ['edited and rehashed', (rows: string[]) => rows.map((r, i) => (i === 2 ? rehash(r, { code: 'forbidden' }) : r)), 3, /edited and rehashed/],
    ['removed', (rows: string[]) => rows.filter((_r, i) => i !== 3), 4, /removed or reordered/],
    ['inserted', (rows: string[]) => [...rows.slice(0, 4), rows[1]!, ...rows.slice(4)], 5, /inserted or reordered/],
    ['reordered', (rows: string[]) => [rows[0]!, rows[2]!, rows[1]!, ...rows.slice(3)], 2, /removed or reordered/],
    ['damaged', (rows: string[]) => rows.map((r, i) => (i === 4 ? r.slice(0, 20) : r)), 5, /not an audit line/],
  ])('names the first %s line (exit 2)', (_kind, tamper, line, problem) => {
    const { file, rows } = writeLog();
    save(file, tamper(rows));
    const result = verifyAudit([file]);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ where: `${file}:${line}`, problem: expect.stringMatching(problem) });
    const r = runCli(['audit', 'verify', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:${line}: `);
  });

  it('a cut tail passes the chain but not --head; a missing file is bad input', () => {
    const { file, rows } = writeLog();
    const head = (JSON.parse(rows.at(-1)!) as { hash: string }).hash;
    save(file, rows.slice(0, 4));
    const r = runCli(['audit', 'verify', file, '--head', head]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cut from the end/);
    expect(runCli(['audit', 'verify', join(dir, 'nope.jsonl')]).code).toBe(2);
  });
});

/** A line with `change` applied and its own hash recomputed (a careful forger). */
function rehash(row: string, change: Record<string, unknown>): string {
  const { hash: _old, ...body } = { ...(JSON.parse(row) as Record<string, unknown>), ...change };
  return JSON.stringify({ ...body, hash: lineHash(body as Parameters<typeof lineHash>[0]) });
}
