/** Small statistics for `npm run bench`. */

/** The q-th quantile (0–1) by linear interpolation between closest ranks (R type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);
export const min = (values: readonly number[]): number => (values.length ? Math.min(...values) : Number.NaN);
export const max = (values: readonly number[]): number => (values.length ? Math.max(...values) : Number.NaN);

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export const spread = (values: readonly number[]): Spread => ({ median: median(values), min: min(values), max: max(values) });

export function fmt(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export const mb = (bytes: number): number => bytes / (1024 * 1024);
