import { describe, expect, it } from 'vitest';
import { API_TIME_BOUNDS, MAX_API_TIME, MIN_API_TIME, parseApiTime, readApiTime } from './time';

const problem = (value: string) => {
  const t = readApiTime(value);
  return t.ok ? undefined : t.problem;
};

describe('readApiTime', () => {
  it.each([
    ['0', 0],
    ['1700000000123', 1_700_000_000_123],
    [' 1700000000000 ', 1_700_000_000_000],
    ['2023-11-14', Date.UTC(2023, 10, 14)],
    ['2023-11-14T22:13:20Z', 1_700_000_000_000],
    ['2023-11-14t22:13:20z', 1_700_000_000_000],
    ['2023-11-14 22:13:20Z', 1_700_000_000_000],
    ['2023-11-14T22:13Z', Date.UTC(2023, 10, 14, 22, 13)],
    ['2023-11-14T22:13:20.123456789Z', 1_700_000_000_123],
    ['2023-11-14T22:13:20.5Z', 1_700_000_000_500],
    ['2023-11-14T22:13:20', 1_700_000_000_000],
    ['2023-11-15T00:13:20+02:00', 1_700_000_000_000],
    ['2023-11-14T20:13:20-0200', 1_700_000_000_000],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['1900-01-01T00:00:00Z', MIN_API_TIME],
    ['2262-04-10T00:00:00Z', MAX_API_TIME],
    [String(MAX_API_TIME), MAX_API_TIME],
  ])('reads %s', (value, ms) => {
    expect(readApiTime(value)).toEqual({ ok: true, ms });
  });

  it.each(['yesterday', 'NaN', 'Infinity', '-1', '1e15', '1.5', '0x10', '', '%ZZ', '2026-01-01garbage', '2026-1-1', '2026-01-01T1:00Z', '2026-01-01T00:00:00.1234567890Z'])(
    'says %j is not ISO-8601 or epoch milliseconds',
    (value) => {
      expect(problem(value)).toBe('must be ISO-8601 or epoch milliseconds');
    },
  );

  it('names a date or time that does not exist', () => {
    expect(problem('2026-02-30')).toBe('must be ISO-8601 or epoch milliseconds: 2026-02-30 is not a calendar date');
    expect(problem('2025-02-29T00:00:00Z')).toMatch(/2025-02-29 is not a calendar date/);
    expect(problem('2026-13-01')).toMatch(/2026-13-01 is not a calendar date/);
    expect(problem('2026-01-01T25:00:00Z')).toMatch(/25:00:00 is not a time of day/);
    expect(problem('2026-01-01T23:60Z')).toMatch(/23:60 is not a time of day/);
    expect(problem('2026-01-01T00:00:00+99:00')).toMatch(/the UTC offset is out of range/);
  });

  it('says that + must be sent as %2B when an offset arrives as a space', () => {
    expect(problem('2026-01-01T00:00:00 02:00')).toMatch(/send it as %2B/);
  });

  it.each(['0000-01-01', '1899-12-31T23:59:59.999Z', '9999-12-31T00:00:00Z', '2262-04-10T00:00:00.001Z', '2262-04-11T00:00:00Z', '999999999999999', '9'.repeat(400)])(
    'keeps %s to the range the store can hold',
    (value) => {
      expect(problem(value)).toBe(`must be ${API_TIME_BOUNDS}`);
    },
  );

  it('states the bounds as ISO-8601', () => {
    expect(API_TIME_BOUNDS).toBe('between 1900-01-01T00:00:00Z and 2262-04-10T00:00:00Z');
  });
});

describe('parseApiTime', () => {
  it('gives the milliseconds, or undefined for anything readApiTime refuses', () => {
    expect(parseApiTime('1700000000000')).toBe(1_700_000_000_000);
    expect(parseApiTime('2026-02-30')).toBeUndefined();
    expect(parseApiTime('9999-12-31')).toBeUndefined();
  });
});
