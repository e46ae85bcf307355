import { inputError } from '../core/errors.js';

/**
 * Checks every entry of an action array read from the shared file before anything is stepped: each must be an
 * action id in [0, nActions), empty slots included (a client that writes garbage there has a bug worth naming).
 */
export function checkActions(actions: Int32Array, nActions: number): void {
  for (let row = 0; row < actions.length; row++) {
    const a = actions[row]!;
    if (a < 0 || a >= nActions) {
      inputError(`actions[${row}]`, `an action id in [0, ${nActions - 1}]`, String(a), 'nothing was stepped');
    }
  }
}
