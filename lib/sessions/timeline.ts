import type { TraceSummary } from '@/lib/schemas/api';

/**
 * Geometry of a session's turns along time: one bar per trace, placed by its
 * start and end on a linear axis, so the idle time between turns shows as
 * space. Turns that overlap go to separate lanes. Positions are percentages of
 * the session's span, so the component only places boxes. Pure.
 */

export interface TurnBar {
  traceId: string;
  /** 1-based, in start order. */
  turn: number;
  rootName: string;
  agents: string[];
  errors: number;
  startMs: number;
  endMs: number;
  leftPct: number;
  widthPct: number;
  lane: number;
}

/** Idle time between two turns, wide enough to be labelled. */
export interface TimelineGap {
  /** The turn the gap comes after (1-based). */
  afterTurn: number;
  ms: number;
  leftPct: number;
  widthPct: number;
}

export interface Timeline {
  startMs: number;
  endMs: number;
  bars: TurnBar[];
  gaps: TimelineGap[];
  lanes: number;
  /** Evenly spaced axis ticks. */
  ticks: { pct: number; ms: number }[];
}

export interface TimelineOptions {
  /** Narrowest bar, so an instant turn stays visible and clickable. */
  minWidthPct?: number;
  /** Narrowest gap that gets a label. */
  minGapPct?: number;
  ticks?: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function turnTimeline(traces: readonly TraceSummary[], options: TimelineOptions = {}): Timeline {
  const { minWidthPct = 0.6, minGapPct = 6, ticks = 5 } = options;
  const turns = traces
    .map((t) => {
      const startMs = Date.parse(t.startTime);
      return { t, startMs, endMs: startMs + t.durationNs / 1e6 };
    })
    .sort((a, b) => a.startMs - b.startMs || a.t.traceId.localeCompare(b.t.traceId));
  if (turns.length === 0) return { startMs: 0, endMs: 0, bars: [], gaps: [], lanes: 0, ticks: [] };

  const startMs = turns[0]!.startMs;
  const endMs = Math.max(...turns.map((x) => x.endMs), startMs + 1);
  const span = endMs - startMs;
  const pct = (ms: number) => ((ms - startMs) / span) * 100;

  const laneEnds: number[] = [];
  const bars = turns.map(({ t, startMs: s, endMs: e }, i) => {
    let lane = laneEnds.findIndex((end) => end <= s);
    if (lane === -1) lane = laneEnds.push(e) - 1;
    else laneEnds[lane] = e;
    const leftPct = Math.min(pct(s), 100 - minWidthPct);
    return {
      traceId: t.traceId,
      turn: i + 1,
      rootName: t.rootName,
      agents: t.agents,
      errors: t.errors,
      startMs: s,
      endMs: e,
      leftPct: round(leftPct),
      widthPct: round(Math.max(pct(e) - pct(s), minWidthPct)),
      lane,
    };
  });

  const gaps: TimelineGap[] = [];
  let reached = turns[0]!.endMs;
  turns.forEach((x, i) => {
    if (i > 0 && x.startMs > reached) {
      const widthPct = pct(x.startMs) - pct(reached);
      if (widthPct >= minGapPct) gaps.push({ afterTurn: i, ms: x.startMs - reached, leftPct: round(pct(reached)), widthPct: round(widthPct) });
    }
    reached = Math.max(reached, x.endMs);
  });

  const tickList = Array.from({ length: ticks }, (_, i) => {
    const share = ticks === 1 ? 0 : i / (ticks - 1);
    return { pct: round(share * 100), ms: Math.round(startMs + share * span) };
  });
  return { startMs, endMs, bars, gaps, lanes: laneEnds.length, ticks: tickList };
}
