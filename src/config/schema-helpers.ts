import { z } from 'zod';

/** A section: a strict object (unknown keys rejected) whose fields all have defaults, so `{}` is valid. */
export function section<T extends z.core.$ZodLooseShape>(shape: T, description: string) {
  // Every field of a section has a default, so `{}` is a valid input (the generic cannot prove it).
  return z
    .strictObject(shape)
    .prefault({} as never)
    .describe(description);
}

/** A number in [min, max] with a default. */
export function num(min: number, max: number, fallback: number, description: string) {
  return z.number().min(min).max(max).default(fallback).describe(description);
}

/** A value in [0, 1] with a default (needs, probabilities, thresholds). */
export function unit(fallback: number, description: string) {
  return num(0, 1, fallback, description);
}

/** An integer in [min, max] with a default. */
export function int(min: number, max: number, fallback: number, description: string) {
  return z.number().int().min(min).max(max).default(fallback).describe(description);
}

/** A boolean flag with a default. */
export function flag(fallback: boolean, description: string) {
  return z.boolean().default(fallback).describe(description);
}

/** A tile position `[x, y]` on the grid. */
export const tile = z
  .tuple([z.number().int().min(0).max(32_767), z.number().int().min(0).max(32_767)])
  .describe('tile position [x, y]');

/** Need values keyed by need name, each in [0, 1]. */
export function needTriple(hunger: number, hygiene: number, energy: number, description: string) {
  return section(
    {
      hunger: unit(hunger, 'hunger (1 = satisfied)'),
      hygiene: unit(hygiene, 'hygiene (1 = satisfied)'),
      energy: unit(energy, 'energy (1 = satisfied)'),
    },
    description,
  );
}

/** An inclusive integer range `[min, max]` with min ≤ max. */
export function intRange(min: number, max: number, fallback: [number, number], description: string) {
  return z
    .tuple([z.number().int().min(min).max(max), z.number().int().min(min).max(max)])
    .refine(([lo, hi]) => lo <= hi, { message: 'expected [min, max] with min ≤ max' })
    .default(fallback)
    .describe(description);
}

/** An inclusive number range `[min, max]` with min ≤ max. */
export function numRange(min: number, max: number, fallback: [number, number], description: string) {
  return z
    .tuple([z.number().min(min).max(max), z.number().min(min).max(max)])
    .refine(([lo, hi]) => lo <= hi, { message: 'expected [min, max] with min ≤ max' })
    .default(fallback)
    .describe(description);
}
