/** The console's result codes and the HTTP status of each (docs/CONSOLE.md). */
export const CONSOLE_HTTP_STATUS = {
  ok: 200,
  unauthorized: 401,
  forbidden: 403,
  usage: 400,
  invalid_args: 400,
  not_found: 404,
  in_progress: 409,
  conflict: 422,
  unsupported: 404,
  internal: 500,
} as const;

/** A console result code. */
export type ConsoleCode = keyof typeof CONSOLE_HTTP_STATUS;

/** Every console answer, on every transport. */
export interface ConsoleResponse {
  ok: boolean;
  code: ConsoleCode;
  /** The command's result (ok), or `{error}` naming what was refused. A queued mutation: `{accepted, apply_tick}`. */
  result: unknown;
  /** The shard's last tick when the answer was made. */
  tick: number;
  /** Bumped by applied mutations, pauses, resumes and snapshot loads only. */
  state_version: number;
}

/** The HTTP status of a response: 202 for an accepted (queued) mutation, else the code's status. */
export function httpStatus(response: ConsoleResponse): number {
  if (response.ok && isAccepted(response.result)) return 202;
  return CONSOLE_HTTP_STATUS[response.code];
}

function isAccepted(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { accepted?: unknown }).accepted === true;
}

/** A refusal a command handler throws: the code and a message naming what was wrong. */
export class ConsoleRefusal extends Error {
  readonly code: ConsoleCode;

  constructor(code: ConsoleCode, message: string) {
    super(message);
    this.name = 'ConsoleRefusal';
    this.code = code;
  }
}

/** Throws a ConsoleRefusal. */
export function refuse(code: ConsoleCode, message: string): never {
  throw new ConsoleRefusal(code, message);
}
