import { InvalidArgumentError } from 'commander';

/** A commander option parser for integers in [min, max]; anything else is a usage error (exit 2). */
export function intOption(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`expected an integer, found "${value}"`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer in [${min}, ${max}], found ${value}`);
    }
    return n;
  };
}
