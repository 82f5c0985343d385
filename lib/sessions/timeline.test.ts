import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '@/lib/schemas/api';
import { turnTimeline } from './timeline';

const T0 = Date.parse('2026-11-26T10:00:00Z');

function trace(id: string, startOffsetMs: number, durationMs: number, errors = 0): TraceSummary {
  return {
    traceId: id,
    sessionId: 's',
    service: 'svc',
    rootName: `turn ${id}`,
    agents: ['planner'],
    startTime: new Date(T0 + startOffsetMs).toISOString().replace('Z', '000000Z'),
    durationNs: durationMs * 1e6,
    spans: 3,
    errors,
  };
}

describe('turn timeline', () => {
  it('places turns by time, in start order, whatever order they come in', () => {
    const t = turnTimeline([trace('b', 60_000, 20_000, 2), trace('a', 0, 20_000)]);
    expect(t.bars.map((b) => [b.traceId, b.turn, b.leftPct, b.widthPct, b.lane, b.errors])).toEqual([
      ['a', 1, 0, 25, 0, 0],
      ['b', 2, 75, 25, 0, 2],
    ]);
    expect([t.startMs, t.endMs]).toEqual([T0, T0 + 80_000]);
  });

  it('makes the idle time between turns visible and labels gaps wide enough', () => {
    const t = turnTimeline([trace('a', 0, 1_000), trace('b', 1_500, 1_000), trace('c', 100_000, 1_000)]);
    // a → b: 0.5 s idle is under 6 % of the span, so it is left unlabelled; b → c is most of the session.
    expect(t.gaps).toEqual([{ afterTurn: 2, ms: 97_500, leftPct: 2.475, widthPct: 96.535 }]);
  });

  it('keeps an instant turn visible and inside the axis', () => {
    const t = turnTimeline([trace('a', 0, 10_000), trace('b', 10_000, 0)]);
    const last = t.bars[1]!;
    expect(last.widthPct).toBe(0.6);
    expect(last.leftPct + last.widthPct).toBeLessThanOrEqual(100);
  });

  it('puts overlapping turns on separate lanes', () => {
    const t = turnTimeline([trace('a', 0, 10_000), trace('b', 5_000, 10_000), trace('c', 12_000, 5_000)]);
    expect(t.bars.map((b) => [b.traceId, b.lane])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 0],
    ]);
    expect(t.lanes).toBe(2);
    expect(t.gaps).toEqual([]);
  });

  it('spaces ticks evenly over the session and handles an empty one', () => {
    const t = turnTimeline([trace('a', 0, 40_000)]);
    expect(t.ticks.map((x) => [x.pct, x.ms - T0])).toEqual([
      [0, 0],
      [25, 10_000],
      [50, 20_000],
      [75, 30_000],
      [100, 40_000],
    ]);
    expect(turnTimeline([])).toEqual({ startMs: 0, endMs: 0, bars: [], gaps: [], lanes: 0, ticks: [] });
  });
});
