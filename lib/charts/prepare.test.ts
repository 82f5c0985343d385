import { describe, expect, it } from 'vitest';
import { bucketLabel, denseRows, formatCount, formatPercent, formatValue, seriesColors, seriesRows, seriesTotal, timeTick } from './prepare';

const T0 = '2026-11-26T10:00:00.000000000Z';
const T1 = '2026-11-26T11:00:00.000000000Z';

describe('seriesRows', () => {
  it('merges series into one row per bucket, a missing ratio point being a gap (null)', () => {
    const { rows, keys } = seriesRows({
      series: [
        { key: 'a → b', points: [{ t: T1, v: 0.5 }, { t: T0, v: 1 }] },
        { key: 'c → d', points: [{ t: T1, v: 0 }] },
      ],
    });
    expect(keys).toEqual(['a → b', 'c → d']);
    expect(rows).toEqual([
      { t: Date.parse(T0), 'a → b': 1, 'c → d': null },
      { t: Date.parse(T1), 'a → b': 0.5, 'c → d': 0 },
    ]);
  });

  it('has no rows for no series, and totals count series', () => {
    expect(seriesRows({ series: [] })).toEqual({ rows: [], keys: [] });
    expect(seriesTotal({ series: [{ key: 'all', points: [{ t: T0, v: 3 }, { t: T1, v: 4 }] }] })).toBe(7);
    expect(seriesTotal(undefined)).toBe(0);
  });
});

describe('formatting', () => {
  it('formats shares, counts and scores', () => {
    expect([0, 0.004, 0.333, 1, null].map(formatPercent)).toEqual(['0%', '0.4%', '33%', '100%', '–']);
    expect([7, 1234, 12_345, 999_999, 2_500_000].map(formatCount)).toEqual(['7', '1,234', '12.3k', '1M', '2.5M']);
    expect(formatValue(85.25, 'score')).toBe('85');
    expect(formatValue(null, 'count')).toBe('–');
    expect(formatValue(Number.NaN, 'share')).toBe('–');
  });

  it('labels ticks by time of day over a day and by day over weeks, in the viewer zone', () => {
    const ms = new Date(2026, 10, 26, 14, 5).getTime();
    expect(timeTick(ms, 24 * 3_600_000)).toBe('14:05');
    expect(timeTick(ms, 3 * 86_400_000)).toBe('Nov 26 14:05');
    expect(timeTick(ms, 14 * 86_400_000)).toBe('Nov 26');
    expect(bucketLabel(ms, 1440)).toBe('Nov 26 14:05 – 14:29');
    expect(bucketLabel(new Date(2026, 10, 26, 23, 0).getTime(), 7200)).toBe('Nov 26 23:00 – Nov 27 01:00');
  });

  it('gives each series of a chart its own colour, by name, whatever the order', () => {
    const a = seriesColors(['writer', 'billing', '(other)', 'triage']);
    const b = seriesColors(['triage', 'billing', 'writer']);
    expect(new Set([a.get('billing'), a.get('triage'), a.get('writer')]).size).toBe(3);
    expect(['billing', 'triage', 'writer'].map((k) => a.get(k))).toEqual(['billing', 'triage', 'writer'].map((k) => b.get(k)));
    expect(a.get('(other)')).toBe('#a1a1aa');
    expect(seriesColors(['all']).get('all')).toBe('#6366f1');
  });
});

describe('denseRows', () => {
  it('fills every epoch-aligned bucket of the range, null where there is no point', () => {
    const H = 3_600_000;
    const rows = denseRows([{ t: 2 * H, a: 0.5 }], ['a'], 1 * H + 5, 3 * H + 10, 3600);
    expect(rows).toEqual([
      { t: H, a: null },
      { t: 2 * H, a: 0.5 },
      { t: 3 * H, a: null },
    ]);
  });
});
