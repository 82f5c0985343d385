import { describe, expect, it } from 'vitest';
import type { Handoff } from '@/lib/schemas/handoffs';
import type { ContextSize } from '@/lib/schemas/sessions';
import { contextAxisTop, contextSeries, fidelitySeries, formatTokens, retentionPoints } from './charts';
import { NO_DRIFT } from '@/tests/helpers/api-spans';

const at = (s: number) => `2026-11-26T10:00:${String(s).padStart(2, '0')}.000000000Z`;

function handoff(id: string, s: number, partial: { status?: Handoff['status']; method?: Handoff['drift']['method']; fidelity?: number; severity?: Handoff['drift']['severity']; source?: Handoff['source']; from?: string; to?: string } = {}): Handoff {
  return {
    id,
    sessionId: 'sess',
    traceId: 't'.repeat(32),
    fromTraceId: 't'.repeat(32),
    toTraceId: 't'.repeat(32),
    fromAgent: partial.from ?? 'planner',
    toAgent: partial.to ?? 'writer',
    fromSpanId: 'a'.repeat(16),
    toSpanId: 'b'.repeat(16),
    time: at(s),
    source: partial.source ?? 'explicit',
    status: partial.status ?? 'complete',
    contract: null,
    drift: { ...NO_DRIFT, fidelity: partial.fidelity ?? 1, severity: partial.severity ?? 'none', method: partial.method ?? 'snapshot' },
  };
}

describe('retention per turn', () => {
  it('gives percentages and leaves turns without facts as gaps', () => {
    const points = retentionPoints([
      { turn: 1, traceId: 'a', retention: 1, established: 4, held: 4 },
      { turn: 2, traceId: 'b', retention: null, established: 4, held: 0 },
      { turn: 3, traceId: 'c', retention: 0.667, established: 6, held: 4 },
    ]);
    expect(points.map((p) => [p.label, p.turn, p.retention])).toEqual([
      ['Turn 1', 1, 100],
      ['Turn 2', 2, null],
      ['Turn 3', 3, 66.7],
    ]);
  });
});

describe('fidelity per handoff', () => {
  it('charts complete handoffs measured on facts, in time order, and counts the rest', () => {
    const series = fidelitySeries([
      handoff('late', 9, { fidelity: 0.5, severity: 'warning' }),
      handoff('early', 1, { fidelity: 0.667, severity: 'critical' }),
      handoff('waiting', 3, { status: 'pending' }),
      handoff('by-text', 4, { method: 'text', severity: 'critical' }),
      handoff('self', 5, { source: 'compaction', from: 'writer', to: 'writer', method: 'digest' }),
    ]);
    expect(series.points.map((p) => [p.index, p.id, p.label, p.fidelity, p.severity])).toEqual([
      [1, 'early', 'planner → writer', 66.7, 'critical'],
      [2, 'self', 'writer (compaction)', 100, 'none'],
      [3, 'late', 'planner → writer', 50, 'warning'],
    ]);
    expect([series.pending, series.textOnly]).toEqual([1, 1]);
  });
});

describe('context size', () => {
  const size = (s: number, agent: string, tokens: number, tokenLimit: number | null, truncated = false): ContextSize => ({
    time: at(s),
    agent,
    phase: 'checkpoint',
    tokens,
    tokenLimit,
    truncated,
    traceId: 't'.repeat(32),
    spanId: `span-${s}`,
  });

  it('makes one series per agent, coloured by identity, with the windows as reference lines', () => {
    const series = contextSeries([size(1, 'writer', 900, 8000), size(2, 'planner', 1200, 8000), size(3, 'writer', 8000, 8000, true), size(4, 'critic', 300, 32_000), size(5, 'critic', 350, null)]);
    expect(series.agents.map((a) => [a.agent, a.color, a.points.map((p) => p.tokens)])).toEqual([
      ['critic', '#6366f1', [300, 350]],
      ['planner', '#14b8a6', [1200]],
      ['writer', '#f97316', [900, 8000]],
    ]);
    // A context filled its 8k window: the axis reaches the windows; the 32k one is far above and is left off the scale.
    expect(series.limits).toEqual([
      { tokens: 8000, agents: ['planner', 'writer'], inView: true },
      { tokens: 32_000, agents: ['critic'], inView: false },
    ]);
    expect([series.yMax, series.truncations]).toEqual([9600, 1]);
  });

  it('scales the axis to the windows when contexts come near them, else to the contexts', () => {
    expect(contextAxisTop(7000, 8000)).toBe(8400);
    expect(contextAxisTop(2000, 16_000)).toBe(2400);
    expect(contextAxisTop(2000, 0)).toBe(2400);
    expect(contextAxisTop(0, 0)).toBe(1);
  });

  it('is empty without snapshots that counted tokens', () => {
    expect(contextSeries([])).toEqual({ agents: [], limits: [], yMax: 1, truncations: 0 });
  });

  it('abbreviates token counts', () => {
    expect([formatTokens(950), formatTokens(12_345), formatTokens(128_000), formatTokens(1_500_000)]).toEqual(['950', '12.3k', '128k', '1.5M']);
  });
});
