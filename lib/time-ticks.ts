/**
 * Round ticks for a time axis from 0 to `durationNs`: about `count` of them,
 * a step of 1, 2, 2.5 or 5 times a power of ten nanoseconds (0, 250 ms,
 * 500 ms, …), 0 first, none past the end. Pure, for the waterfall's header.
 */
export function niceTicks(durationNs: number, count: number): number[] {
  if (!Number.isFinite(durationNs) || durationNs <= 0 || count < 1) return [0];
  const step = niceStep(durationNs / count);
  const ticks: number[] = [];
  // Multiply rather than add, so float error does not build up.
  for (let i = 0; i * step <= durationNs * (1 + 1e-9); i++) ticks.push(i * step);
  return ticks;
}

/** The smallest round step at least `raw`: 1, 2, 2.5 or 5 × 10^k (at least 1 ns). */
export function niceStep(raw: number): number {
  if (!(raw > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw * (1 - 1e-9)) return m * power;
  return 10 * power;
}
