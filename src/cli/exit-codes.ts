/** Process exit codes of the `townlet` CLI. */
export const EXIT_OK = 0;
/** An internal error: a bug, or the machine (out of memory, disk). */
export const EXIT_INTERNAL = 1;
/** Bad input: config, manifest, command-line usage. Nothing was changed. */
export const EXIT_BAD_INPUT = 2;
