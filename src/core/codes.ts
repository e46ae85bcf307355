/**
 * Numeric codes for a list of names: the first name is 1, the next 2, and so on (0 stays free for "none").
 * Codes are what events and arrays store; keep lists append-only so stored codes keep their meaning.
 */
export function codesOf<T extends string>(names: readonly T[]): Readonly<Record<T, number>> {
  return Object.fromEntries(names.map((name, i) => [name, i + 1])) as Record<T, number>;
}
