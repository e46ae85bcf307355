import { type Request, requestSchema } from './protocol.js';

/** A control line parsed and validated, or why it could not be. */
export type ParsedRequest = { ok: true; request: Request } | { ok: false; message: string; id?: number };

/**
 * Parses one control line: JSON, then the request schema. Problems are named the way the rest of Townlet names
 * bad input (where, what was expected, what was found), and the request id is kept when it can be read.
 */
export function parseRequest(line: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, message: `control message: expected one JSON object per line, found ${clip(line)}` };
  }
  const id = typeof (value as { id?: unknown })?.id === 'number' ? (value as { id: number }).id : undefined;
  const r = requestSchema.safeParse(value);
  if (r.success) return { ok: true, request: r.data };
  const message = r.error.issues
    .map((i) => `control message${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`)
    .join('; ');
  return { ok: false, message: `${message} (ops: spec, attach, reset, step, close)`, ...(id === undefined ? {} : { id }) };
}

function clip(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}
