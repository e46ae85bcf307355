/** `value` rounded to `digits` decimals, for summaries and reports. */
export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
