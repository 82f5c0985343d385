import { describe, expect, it } from 'vitest';
import { niceStep } from '@/lib/schemas/metrics';
import { bucketWords, niceTicks, timeTicks, zoneLabel, zoneOffsetMinutes } from './ticks';

const H = 3_600_000;

describe('nice values', () => {
  it('round bucket widths: about 60 buckets at most, never 24 minutes', () => {
    expect(niceStep(24 * H, 60)).toBe(30 * 60);
    expect(niceStep(H, 60)).toBe(60);
    expect(niceStep(7 * 24 * H, 60)).toBe(3 * 3600);
    expect(niceStep(30 * 24 * H, 60)).toBe(12 * 3600);
    expect(niceStep(15 * 60_000, 60)).toBe(60);
  });

  it('ticks on 1, 2, 2.5 or 5 × 10^k: never 95, 190, 285', () => {
    expect(niceTicks(380)).toEqual([0, 100, 200, 300, 400]);
    expect(niceTicks(12)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(0.8, 4, false)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(24_581)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('time axes', () => {
  it('tick the buckets that start on a round time in the viewer’s zone', () => {
    const start = Date.UTC(2026, 0, 15, 0, 0);
    const step = 30 * 60;
    const buckets = Array.from({ length: 49 }, (_, i) => start + i * step * 1000);
    const utc = timeTicks(buckets, step, 'UTC');
    expect(utc.map((t) => new Date(t).getUTCHours())).toEqual([0, 6, 12, 18, 0]);
    // Kolkata is UTC+05:30: its round hours fall on the half-hour buckets of UTC.
    const kolkata = timeTicks(buckets, step, 'Asia/Kolkata');
    expect(kolkata.every((t) => (t / 60_000 + 330) % 360 === 0)).toBe(true);
    expect(kolkata.length).toBeGreaterThanOrEqual(4);
  });

  it('fall back to every n-th bucket when no round time is a bucket start', () => {
    const step = 7 * 60;
    const buckets = Array.from({ length: 30 }, (_, i) => Date.UTC(2026, 0, 1, 0, 3) + i * step * 1000);
    expect(timeTicks(buckets, step, 'UTC')).toEqual(buckets.filter((_, i) => i % 5 === 0));
  });

  it('say the bucket width and the zone', () => {
    expect([bucketWords(60), bucketWords(1800), bucketWords(7200), bucketWords(86_400), bucketWords(45)]).toEqual(['1-minute', '30-minute', '2-hour', '1-day', '45-second']);
    const winter = Date.UTC(2026, 0, 15);
    expect(zoneOffsetMinutes(winter, 'Europe/Paris')).toBe(60);
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 15), 'Europe/Paris')).toBe(120);
    expect(zoneLabel('Europe/Paris', winter)).toBe('Europe/Paris (UTC+01:00)');
    expect(zoneLabel('America/St_Johns', winter)).toBe('America/St_Johns (UTC−03:30)');
    expect(zoneLabel('UTC', winter)).toBe('UTC');
  });
});
