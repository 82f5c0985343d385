import { describe, expect, it } from 'vitest';
import { niceStep, niceTicks } from './time-ticks';

const MS = 1_000_000;

describe('time axis ticks', () => {
  it('picks round steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceTicks(1_000 * MS, 4)).toEqual([0, 250 * MS, 500 * MS, 750 * MS, 1_000 * MS]);
    expect(niceTicks(1_300 * MS, 5)).toEqual([0, 500 * MS, 1_000 * MS]);
    expect(niceTicks(10_000 * MS, 5)).toEqual([0, 2_000 * MS, 4_000 * MS, 6_000 * MS, 8_000 * MS, 10_000 * MS]);
    expect(niceTicks(37 * MS, 6)).toEqual([0, 10 * MS, 20 * MS, 30 * MS]);
    expect(niceStep(0.3 * MS)).toBe(0.5 * MS);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(7)).toBe(10);
  });

  it('starts at 0, never passes the end, and gives about the count asked for', () => {
    for (const duration of [3, 999, 12_345, 2.5 * MS, 61_000 * MS, 3_600_000 * MS]) {
      for (const count of [3, 6, 10]) {
        const ticks = niceTicks(duration, count);
        expect(ticks[0]).toBe(0);
        expect(ticks[ticks.length - 1]!).toBeLessThanOrEqual(duration);
        expect(ticks.length).toBeGreaterThanOrEqual(Math.min(2, duration));
        expect(ticks.length).toBeLessThanOrEqual(count + 1);
      }
    }
  });

  it('gives only 0 for an empty or invalid duration', () => {
    expect(niceTicks(0, 5)).toEqual([0]);
    expect(niceTicks(Number.NaN, 5)).toEqual([0]);
    expect(niceTicks(100, 0)).toEqual([0]);
  });
});
