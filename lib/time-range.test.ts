import { describe, expect, it } from 'vitest';
import { freezeRange, rangeFromParams, rangeLabel, resolvePoint, resolveRange } from './time-range';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const params = (o: Record<string, string>) => new URLSearchParams(o);

describe('time ranges', () => {
  it.each([
    ['now', NOW],
    ['now-15m', NOW - 900_000],
    ['now-24h', NOW - 86_400_000],
    ['now-7d', NOW - 7 * 86_400_000],
    ['now-2w', NOW - 14 * 86_400_000],
    [String(NOW - 5), NOW - 5],
    ['2026-11-26T10:00:00Z', Date.UTC(2026, 10, 26, 10)],
  ])('reads %s', (text, ms) => {
    expect(resolvePoint(text, NOW)).toBe(ms);
  });

  it.each(['', 'yesterday', 'now-5y', 'now+1h', '12', '2026-13-45'])('refuses %j', (text) => {
    expect(resolvePoint(text, NOW)).toBeUndefined();
  });

  it('refuses a range that ends before it starts', () => {
    expect(resolveRange({ from: 'now', to: 'now-1h' }, NOW)).toBeUndefined();
  });

  it('falls back to the last 24 hours for missing or unreadable parameters, and says so', () => {
    expect(rangeFromParams(params({}), NOW)).toMatchObject({ range: { from: 'now-24h', to: 'now' }, invalid: false });
    expect(rangeFromParams(params({ from: 'garbage' }), NOW)).toMatchObject({ range: { from: 'now-24h', to: 'now' }, invalid: true });
    expect(rangeFromParams(params({ from: 'now-1h' }), NOW).resolved).toEqual({ fromMs: NOW - 3_600_000, toMs: NOW });
  });

  it('freezes a relative range to absolute milliseconds, and leaves an absolute one alone', () => {
    expect(freezeRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({ from: String(NOW - 3_600_000), to: String(NOW) });
    expect(freezeRange({ from: '1000000000000', to: '1000000060000' }, NOW)).toEqual({ from: '1000000000000', to: '1000000060000' });
  });

  it('labels presets by name and other ranges by their ends', () => {
    expect(rangeLabel({ from: 'now-24h', to: 'now' }, NOW)).toBe('Last 24 hours');
    expect(rangeLabel({ from: 'now-90m', to: 'now' }, NOW)).toBe('Last 90m');
    expect(rangeLabel({ from: String(NOW - 60_000), to: String(NOW) }, NOW)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} → /);
  });
});
