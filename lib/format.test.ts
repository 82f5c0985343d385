import { describe, expect, it } from 'vitest';
import { nanosToIso, parseApiTime } from './domain/time';
import { formatAgo, formatDuration } from './format';

describe('formatting', () => {
  it.each([
    [0, '0 ns'],
    [999, '999 ns'],
    [1_500, '1.50 µs'],
    [12_345_678, '12.3 ms'],
    [250_000_000, '250 ms'],
    [2_500_000_000, '2.50 s'],
    [125_000_000_000, '2m 5s'],
    [7_260_000_000_000, '2h 1m'],
    [-1, '–'],
  ])('duration %d ns is %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(formatAgo('2026-11-26T11:59:58Z', now)).toBe('just now');
    expect(formatAgo('2026-11-26T11:58:00Z', now)).toBe('2m ago');
    expect(formatAgo('2026-11-24T12:00:00Z', now)).toBe('2d ago');
  });
});

describe('times', () => {
  it('renders nanoseconds as ISO without losing digits', () => {
    expect(nanosToIso('1700000000123456789')).toBe('2023-11-14T22:13:20.123456789Z');
    expect(nanosToIso('5')).toBe('1970-01-01T00:00:00.000000005Z');
  });

  it('parses API times as ISO or epoch milliseconds', () => {
    expect(parseApiTime('1700000000000')).toBe(1_700_000_000_000);
    expect(parseApiTime('2023-11-14T22:13:20Z')).toBe(1_700_000_000_000);
    expect(parseApiTime('yesterday')).toBeUndefined();
    expect(parseApiTime('2023-13-45')).toBeUndefined();
  });
});
