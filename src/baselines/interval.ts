/** Two-sided 97.5% quantiles of Student's t for 1 … 30 degrees of freedom (index = df − 1). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12,
  2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * Mean and the half-width of its 95% confidence interval (Student's t over the samples; 1.96 above 30 degrees
 * of freedom); the half-width is null for a single sample.
 */
export function meanWithInterval(samples: readonly number[]): { mean: number; ci95: number | null } {
  const n = samples.length;
  if (n === 0) return { mean: NaN, ci95: null };
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, ci95: null };
  const variance = samples.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1);
  const t = n - 1 <= T975.length ? T975[n - 2]! : 1.96;
  return { mean, ci95: (t * Math.sqrt(variance)) / Math.sqrt(n) };
}
