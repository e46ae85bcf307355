import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Rewrites a snapshot's JSON header with `edit` and writes a file with a valid checksum to `out`: for tests of
 * refusals the checksum cannot catch (another schema version, another config_id, another layout).
 */
export function rewriteHeader(path: string, out: string, edit: (header: Record<string, unknown>) => void): void {
  const bytes = readFileSync(path);
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.subarray(48, 48 + headerLength).toString('utf8')) as Record<string, unknown>;
  const arrays = bytes.subarray(48 + ((headerLength + 7) & ~7));
  edit(header);
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const body = Buffer.concat([json, Buffer.alloc(((json.length + 7) & ~7) - json.length), arrays]);
  const prefix = Buffer.alloc(48);
  prefix.write('TWNLSNAP', 0, 'latin1');
  prefix.writeUInt32LE(json.length, 8);
  createHash('sha256').update(body).digest().copy(prefix, 16);
  writeFileSync(out, Buffer.concat([prefix, body]));
}
