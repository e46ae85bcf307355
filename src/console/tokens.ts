import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { inputError } from '../core/errors.js';
import type { Caller } from './command.js';

/** One line of a token file: the SHA-256 of a token (never the token), its role and label. */
const tokenLine = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  role: z.enum(['viewer', 'admin']),
  label: z.string().min(1).max(200),
});
type TokenLine = z.infer<typeof tokenLine>;

/** How often the file's stamp is checked: a removed token is refused within this (well under a second). */
const RELOAD_CHECK_MS = 250;

/** SHA-256 of a token, hex. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Creates a token for `role` and `label`, appends its digest line to `file` (created if missing) and returns the
 * token: the only time it is ever seen.
 */
export function createToken(file: string, role: string, label: string): string {
  const parsedRole = z.enum(['viewer', 'admin']).safeParse(role);
  if (!parsedRole.success) inputError('--role', 'viewer or admin', JSON.stringify(role));
  if (label.length === 0 || label.length > 200 || /[\n\r]/.test(label)) inputError('--label', 'a one-line label of 1 to 200 characters', JSON.stringify(label));
  const token = `tlt_${randomBytes(24).toString('base64url')}`;
  const line: TokenLine = { sha256: tokenDigest(token), role: parsedRole.data, label };
  try {
    appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  } catch (err) {
    inputError('--token-file', 'a file that can be appended to', `${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return token;
}

/** Reads a token file; throws InputError naming the first bad line. */
export function readTokenFile(file: string): TokenLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    inputError('--token-file', 'a readable token file (townlet token create writes one)', `${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const out: TokenLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    const parsed = tokenLine.safeParse(value);
    if (!parsed.success) inputError(`${file}:${i + 1}`, 'a line {"sha256","role","label"} written by townlet token create', raw.slice(0, 80));
    out.push(parsed.data);
  });
  return out;
}

/**
 * The tokens a served shard accepts, from a token file that is re-read when it changes (checked at most every
 * 250 ms), so a token appended is valid and a token removed is refused within a second, without a restart. A file
 * that turns unreadable or malformed keeps the last good set (and says so once through `onReloadError`).
 */
export class TokenRing {
  readonly #file: string;
  #entries: { digest: Buffer; caller: Caller }[] = [];
  #stamp = '';
  #checkedAt = 0;
  readonly #onReloadError: (message: string) => void;

  /** Throws InputError when the file cannot be read or has a bad line. */
  constructor(file: string, onReloadError: (message: string) => void = () => undefined) {
    this.#file = file;
    this.#onReloadError = onReloadError;
    this.#load(readTokenFile(file), this.#readStamp());
  }

  /** The caller a bearer token stands for, or undefined. Compares digests in constant time against every entry. */
  authenticate(token: string | undefined, now = performance.now()): Caller | undefined {
    this.#refresh(now);
    if (token === undefined || token === '') return undefined;
    const digest = Buffer.from(tokenDigest(token), 'hex');
    let found: Caller | undefined;
    for (const entry of this.#entries) {
      // Every entry is compared (no early exit), so timing tells nothing about which matched.
      if (timingSafeEqual(entry.digest, digest)) found ??= entry.caller;
    }
    return found;
  }

  #refresh(now: number): void {
    if (now - this.#checkedAt < RELOAD_CHECK_MS) return;
    this.#checkedAt = now;
    const stamp = this.#readStamp();
    if (stamp === this.#stamp) return;
    try {
      this.#load(readTokenFile(this.#file), stamp);
    } catch (err) {
      this.#stamp = stamp;
      // A file that vanished revokes everything; a malformed one keeps the last good set.
      if (stamp === 'missing') this.#entries = [];
      this.#onReloadError((err as Error).message);
    }
  }

  #load(lines: TokenLine[], stamp: string): void {
    this.#entries = lines.map((l) => ({ digest: Buffer.from(l.sha256, 'hex'), caller: { role: l.role, label: l.label } }));
    this.#stamp = stamp;
  }

  #readStamp(): string {
    try {
      const st = statSync(this.#file);
      return `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      return 'missing';
    }
  }
}
