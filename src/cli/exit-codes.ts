/** Process exit codes of the `townlet` CLI. */
export const EXIT_OK = 0;
/** An internal error: a bug, or the machine (out of memory, disk). */
export const EXIT_INTERNAL = 1;
/** Bad input: config, manifest, command-line usage. Nothing was changed. */
export const EXIT_BAD_INPUT = 2;

/** Thrown by a command that has already said what it had to and only sets the exit code (`townlet console`). */
export class ExitWith extends Error {
  readonly code: number;

  constructor(code: number) {
    super(`exit ${code}`);
    this.name = 'ExitWith';
    this.code = code;
  }
}
