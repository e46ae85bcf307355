/** One problem with user input: where it is, what was expected, what was found. */
export interface InputIssue {
  /** The file (and key path inside it, `file: a.b[2].c`), or the CLI option, the problem is in. */
  where: string;
  expected: string;
  found: string;
  /** An optional hint, e.g. a did-you-mean. */
  hint?: string;
}

/**
 * Bad input: a config, manifest, command or snapshot that cannot be used. The CLI prints `message` and exits 2
 * without a stack trace; nothing has been changed when it is thrown.
 */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(formatIssues(issues));
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** Renders issues one per line: `where: expected …, found … (hint)`. */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues
    .map((i) => `${i.where}: expected ${i.expected}, found ${i.found}${i.hint ? ` (${i.hint})` : ''}`)
    .join('\n');
}

/** Throws an InputError with a single issue. */
export function inputError(where: string, expected: string, found: string, hint?: string): never {
  throw new InputError([{ where, expected, found, ...(hint ? { hint } : {}) }]);
}

/**
 * A shard was asked to change (step, reset, an operator call, a manifest reload) while a stepAsync tick was in
 * flight. Nothing was changed: await the tick, then call again.
 */
export class ShardBusyError extends Error {
  /** The call that was refused. */
  readonly call: string;

  constructor(call: string) {
    super(`${call}: the shard is busy with a stepAsync tick in flight; await it first`);
    this.name = 'ShardBusyError';
    this.call = call;
  }
}
