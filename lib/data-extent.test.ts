import { describe, expect, it } from 'vitest';
import { rangeForExtent } from './data-extent';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const H = 3_600_000;

describe('the range offered for stored data', () => {
  it('is the last whole days when the data reaches the last day', () => {
    expect(rangeForExtent({ fromMs: NOW - 14 * 24 * H + H, toMs: NOW - H }, NOW)).toEqual({ range: { from: 'now-14d', to: 'now' }, label: 'Show the last 14 days' });
    expect(rangeForExtent({ fromMs: NOW - 20 * H, toMs: NOW - 2 * H }, NOW)).toEqual({ range: { from: 'now-1d', to: 'now' }, label: 'Show the last day' });
  });

  it('is exactly where the data is when it ended earlier', () => {
    const extent = { fromMs: NOW - 90 * 24 * H, toMs: NOW - 60 * 24 * H };
    expect(rangeForExtent(extent, NOW)).toEqual({ range: { from: String(extent.fromMs), to: String(extent.toMs) }, label: 'Show the range that holds data' });
  });
});
