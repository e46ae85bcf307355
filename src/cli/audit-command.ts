import { verifyAudit } from '../console/audit-verify.js';
import { EXIT_BAD_INPUT, ExitWith } from './exit-codes.js';

/**
 * `townlet audit verify FILE...`: checks the console audit chain across the files in order. Prints the line count
 * and head hash (exit 0), or the first edited, removed, inserted or reordered line (exit 2). With `head`, the last
 * line must carry that hash (catches a cut tail: compare with /health or a snapshot's audit head).
 */
export function auditVerifyCommand(files: string[], o: { head?: string }): string {
  const result = verifyAudit(files);
  if (!result.ok) {
    process.stderr.write(`error: ${result.where}: ${result.problem}\n`);
    throw new ExitWith(EXIT_BAD_INPUT);
  }
  if (o.head !== undefined && result.head !== o.head) {
    process.stderr.write(`error: the last line's hash is ${result.head ?? 'none'}, expected head ${o.head} (lines were cut from the end)\n`);
    throw new ExitWith(EXIT_BAD_INPUT);
  }
  return `OK: ${result.lines} lines, head ${result.head ?? 'none'}`;
}
