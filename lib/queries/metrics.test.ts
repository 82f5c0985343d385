import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import type { DecodedSpan } from '@/ingest/otlp/types';
import { Analyzer } from '@/lib/analyzer/analyzer';
import type { Store } from '@/lib/db/store';
import { nanosToIso } from '@/lib/domain/time';
import { metricParamsSchema, metricsResponseSchema, type MetricsResponse } from '@/lib/schemas/metrics';
import { attrs, hexId, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import { select, tempStore } from '@/tests/helpers/temp-store';
import { metricSeries } from './metrics';

/**
 * Metric series on a real store: spans written through the writer, handoffs
 * and sessions produced by the real analyzer, then every metric read back
 * over hourly buckets with exact values.
 */

const H = 3_600_000;
const M = 60_000;
/**
 * A multiple of 4 h, 8 to 12 h ago (buckets are aligned to the epoch, so the
 * main window is one 4 h bucket): bucket i of it is [BASE + i h, BASE + (i + 1) h).
 */
const BASE = Math.floor((Date.now() - 8 * H) / (4 * H)) * 4 * H;
const WINDOW = { from: String(BASE), to: String(BASE + 4 * H - 1), step: '1h' };

let store: Store;
let cleanup: () => Promise<void>;
let writer: Writer;
let analyzer: Analyzer;

const snapshot = (phase: 'sent' | 'received', at: number, handoffId: string, facts: object, to?: string) =>
  makeEvent(
    'baton.context.snapshot',
    { 'baton.snapshot.phase': phase, 'baton.snapshot.facts': JSON.stringify(facts), 'baton.handoff.id': handoffId, ...(to ? { 'baton.handoff.to': to } : {}) },
    nsAt(BASE + at),
  );

interface SpanSpec {
  trace: number;
  span: number;
  parent?: number;
  agent?: string;
  at: number;
  session?: string;
  error?: boolean;
  events?: DecodedSpan['events'];
}

function span(s: SpanSpec): DecodedSpan {
  const agentAttrs: Record<string, string> = s.agent ? { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': s.agent } : {};
  const sessionAttrs: Record<string, string> = s.session ? { 'session.id': s.session, 'user.id': `user-of-${s.session}` } : {};
  return makeSpan({
    traceId: hexId(s.trace, 16),
    spanId: hexId(s.span, 8),
    parentSpanId: s.parent ? hexId(s.parent, 8) : '',
    name: s.agent ? `invoke_agent ${s.agent}` : 'op',
    startNs: nsAt(BASE + s.at),
    endNs: nsAt(BASE + s.at + 1000),
    attrs: attrs({ ...agentAttrs, ...sessionAttrs }),
    statusCode: s.error ? 2 : 0,
    events: s.events ?? [],
  });
}

/** 25 agents, agent-NN with NN spans (a root and its children) in a session of its own, two to three hours before BASE. */
function manyAgents(): DecodedSpan[] {
  const out: DecodedSpan[] = [];
  for (let n = 1; n <= 25; n++) {
    const agent = `agent-${String(n).padStart(2, '0')}`;
    const trace = 100 + n;
    out.push(span({ trace, span: trace * 100, agent, at: -3 * H + n * M, session: `solo-${n}` }));
    for (let c = 1; c < n; c++) out.push(span({ trace, span: trace * 100 + c, parent: trace * 100, at: -3 * H + n * M + c }));
  }
  return out;
}

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  analyzer = new Analyzer(store, { debounceMs: 10 });
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, onCommit: (c) => analyzer.notify(c.touched, c.analysis) });
  await analyzer.start();
  const spans = [
    // Bucket 0, session 1: triage hands over to billing and billing drops a fact (drift); billing's model call fails.
    span({ trace: 1, span: 11, agent: 'triage', at: 10 * M, session: 'sess-1', events: [snapshot('sent', 10 * M + 100, 'h-1', { order: 1, budget: 300 }, 'billing')] }),
    span({ trace: 1, span: 12, parent: 11, agent: 'billing', at: 10 * M + 200, events: [snapshot('received', 10 * M + 300, 'h-1', { order: 1 })] }),
    span({ trace: 1, span: 13, parent: 12, at: 10 * M + 400, error: true }),
    // Bucket 0: a span of no agent and no session.
    span({ trace: 4, span: 41, at: 20 * M }),
    // Bucket 1, session 1: a faithful handoff to billing, and one to refunds that is never received (pending).
    span({
      trace: 2,
      span: 21,
      agent: 'triage',
      at: 70 * M,
      session: 'sess-1',
      events: [snapshot('sent', 70 * M + 100, 'h-2', { order: 1 }, 'billing'), snapshot('sent', 70 * M + 150, 'h-3', { order: 1 }, 'refunds')],
    }),
    span({ trace: 2, span: 22, parent: 21, agent: 'billing', at: 70 * M + 200, events: [snapshot('received', 70 * M + 300, 'h-2', { order: 1 })] }),
    // Bucket 2: nothing. Bucket 3, session 2: planner delegates to writer (inferred, drift on text), which fails.
    span({ trace: 3, span: 31, agent: 'planner', at: 190 * M, session: 'sess-2' }),
    span({ trace: 3, span: 32, parent: 31, agent: 'writer', at: 190 * M + 200, error: true }),
    ...manyAgents(),
  ];
  await writer.write(toRows(makeTraces(spans), rowOptions(30)));
  await analyzer.idle();
});
afterAll(async () => {
  await writer.close();
  await analyzer.stop();
  await cleanup();
});

async function read(query: Record<string, string>): Promise<MetricsResponse> {
  return metricsResponseSchema.parse(await metricSeries(store.client, metricParamsSchema.parse({ ...WINDOW, ...query })));
}

const bucket = (i: number, base = BASE, step = H) => nanosToIso(`${base + i * step}000000`);

/** Each series as key → values per bucket of the main window (undefined where a ratio has no point). */
function byBucket(res: MetricsResponse, buckets = 4, base = BASE, step = H): Record<string, (number | undefined)[]> {
  return Object.fromEntries(
    res.series.map((s) => [s.key, Array.from({ length: buckets }, (_, i) => s.points.find((p) => p.t === bucket(i, base, step))?.v)]),
  );
}

describe('counts', () => {
  it('counts spans per bucket, with 0 for an empty bucket', async () => {
    const res = await read({ metric: 'spans' });
    expect(res.series.map((s) => s.key)).toEqual(['all']);
    expect(res.series[0]!.points).toEqual([0, 1, 2, 3].map((i) => ({ t: bucket(i), v: [4, 2, 0, 2][i] })));
  });

  it('groups spans by agent, children counting for the agent they work for and agentless spans as (none)', async () => {
    const res = await read({ metric: 'spans', groupBy: 'agent' });
    expect(res.series.map((s) => s.key)).toEqual(['billing', 'triage', '(none)', 'planner', 'writer']);
    expect(byBucket(res)).toEqual({
      billing: [2, 1, 0, 0],
      triage: [1, 1, 0, 0],
      '(none)': [1, 0, 0, 0],
      planner: [0, 0, 0, 1],
      writer: [0, 0, 0, 1],
    });
  });

  it('counts errors, in all and by agent', async () => {
    expect(byBucket(await read({ metric: 'errors' }))).toEqual({ all: [1, 0, 0, 1] });
    expect(byBucket(await read({ metric: 'errors', groupBy: 'agent' }))).toEqual({ billing: [1, 0, 0, 0], writer: [0, 0, 0, 1] });
  });

  it('counts handoffs, pending ones included, by sender and by pair', async () => {
    expect(byBucket(await read({ metric: 'handoffs' }))).toEqual({ all: [1, 2, 0, 1] });
    const byAgent = await read({ metric: 'handoffs', groupBy: 'agent' });
    expect(byAgent.series.map((s) => s.key)).toEqual(['triage', 'planner']);
    expect(byBucket(byAgent)).toEqual({ triage: [1, 2, 0, 0], planner: [0, 0, 0, 1] });
    const byPair = await read({ metric: 'handoffs', groupBy: 'agent_pair' });
    expect(byPair.series.map((s) => s.key)).toEqual(['triage → billing', 'planner → writer', 'triage → refunds']);
    expect(byBucket(byPair)).toEqual({ 'triage → billing': [1, 1, 0, 0], 'planner → writer': [0, 0, 0, 1], 'triage → refunds': [0, 1, 0, 0] });
  });

  it('keeps the 20 busiest agents and sums the rest into (other)', async () => {
    const res = await read({ metric: 'spans', groupBy: 'agent', from: String(BASE - 3 * H), to: String(BASE - 2 * H - 1) });
    const expected = Array.from({ length: 20 }, (_, i) => `agent-${String(25 - i).padStart(2, '0')}`);
    expect(res.series.map((s) => s.key)).toEqual([...expected, '(other)']);
    expect(res.series.map((s) => s.points.map((p) => p.v))).toEqual([...Array.from({ length: 20 }, (_, i) => [25 - i]), [1 + 2 + 3 + 4 + 5]]);
  });

  it('counts sessions by the bucket they started in, each counting for every agent that took part', async () => {
    // sess-1 starts in bucket 0 (and ends in bucket 1); sess-2 starts in bucket 3.
    expect(byBucket(await read({ metric: 'sessions' }))).toEqual({ all: [1, 0, 0, 1] });
    const byAgent = await read({ metric: 'sessions', groupBy: 'agent' });
    expect(byAgent.series.map((s) => s.key)).toEqual(['billing', 'planner', 'triage', 'writer']);
    expect(byBucket(byAgent)).toEqual({ billing: [1, 0, 0, 0], planner: [0, 0, 0, 1], triage: [1, 0, 0, 0], writer: [0, 0, 0, 1] });
  });

  it('sums the sessions of agents beyond the 20 busiest into (other)', async () => {
    const res = await read({ metric: 'sessions', groupBy: 'agent', from: String(BASE - 3 * H), to: String(BASE - 2 * H - 1) });
    expect(res.series.map((s) => s.key)).toEqual([...Array.from({ length: 20 }, (_, i) => `agent-${String(i + 1).padStart(2, '0')}`), '(other)']);
    expect(res.series.map((s) => s.points.map((p) => p.v))).toEqual([...Array.from({ length: 20 }, () => [1]), [5]]);
  });

  it('has a zero for every bucket of an empty range, and no series when grouped', async () => {
    const empty = { from: String(BASE - 20 * H), to: String(BASE - 18 * H - 1), step: '30m' };
    const res = await read({ metric: 'spans', ...empty });
    expect(res.series).toEqual([{ key: 'all', points: [0, 1, 2, 3].map((i) => ({ t: bucket(i, BASE - 20 * H, 30 * M), v: 0 })) }]);
    expect((await read({ metric: 'handoffs', groupBy: 'agent', ...empty })).series).toEqual([]);
  });
});

describe('ratios and means', () => {
  it('drift rate: the share of complete handoffs that drifted, a gap where there are none', async () => {
    // h-1 drifted (bucket 0); h-2 did not and h-3 is pending (bucket 1); the delegation in bucket 3 found no drift.
    expect(byBucket(await read({ metric: 'drift_rate' }))).toEqual({ all: [1, 0, undefined, 0] });
    expect(byBucket(await read({ metric: 'drift_rate', groupBy: 'agent_pair' }))).toEqual({
      'triage → billing': [1, 0, undefined, undefined],
      'planner → writer': [undefined, undefined, undefined, 0],
    });
  });

  it('fidelity: mean over complete handoffs not measured on text', async () => {
    expect(byBucket(await read({ metric: 'fidelity' }))).toEqual({ all: [0.5, 1, undefined, undefined] });
    expect(byBucket(await read({ metric: 'fidelity', groupBy: 'agent' }))).toEqual({ triage: [0.5, 1, undefined, undefined] });
  });

  it('consistency: mean session score by end time, per agent taking part', async () => {
    const stored = await select<{ session_id: string; score: number }>(store, "SELECT session_id, score FROM sessions FINAL WHERE session_id LIKE 'sess-%' ORDER BY session_id");
    // Session 1: retention 0.5 per turn, fidelity (0.5 + 1) / 2, no contradictions → 100 × (0.2 + 0.3 + 0.2).
    expect(stored).toEqual([
      { session_id: 'sess-1', score: 70 },
      { session_id: 'sess-2', score: 100 },
    ]);
    expect(byBucket(await read({ metric: 'consistency' }))).toEqual({ all: [undefined, 70, undefined, 100] });
    expect(byBucket(await read({ metric: 'consistency', groupBy: 'agent' }))).toEqual({
      billing: [undefined, 70, undefined, undefined],
      planner: [undefined, undefined, undefined, 100],
      triage: [undefined, 70, undefined, undefined],
      writer: [undefined, undefined, undefined, 100],
    });
  });

  it('averages a bucket holding both sessions', async () => {
    expect((await read({ metric: 'consistency', step: '4h' })).series[0]!.points.map((p) => p.v)).toEqual([85]);
  });

  it('keeps the 20 agents with the most sessions and leaves the rest out', async () => {
    const res = await read({ metric: 'consistency', groupBy: 'agent', from: String(BASE - 3 * H), to: String(BASE - 2 * H - 1) });
    // One session each: ties go by name.
    expect(res.series.map((s) => s.key)).toEqual(Array.from({ length: 20 }, (_, i) => `agent-${String(i + 1).padStart(2, '0')}`));
    expect(res.series.every((s) => s.points.length === 1 && s.points[0]!.v === 100)).toBe(true);
  });

  it('has a series with no points over an empty range', async () => {
    expect((await read({ metric: 'fidelity', from: String(BASE - 20 * H), to: String(BASE - 19 * H) })).series).toEqual([{ key: 'all', points: [] }]);
  });
});

describe('parameters', () => {
  const parse = (query: Record<string, string>) => metricParamsSchema.safeParse({ metric: 'spans', ...query });
  const messages = (query: Record<string, string>) => {
    const r = parse(query);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it.each([
    ['300', 300],
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86_400],
  ])('reads step %s as %d seconds', (step, seconds) => {
    expect(parse({ step, from: '0', to: String(H) }).data?.step).toBe(seconds);
  });

  it.each([
    // A round width (1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours, a day…) giving at most 60 buckets.
    [24 * H, 1800],
    [H, 60],
    [10 * M, 60],
    [7 * 24 * H, 10_800],
    [90 * M, 120],
    [150 * M, 300],
  ])('defaults the step over %d ms to %d s', (range, seconds) => {
    expect(parse({ from: String(BASE), to: String(BASE + range) }).data?.step).toBe(seconds);
  });

  it('defaults to the last 24 hours in 30-minute buckets', () => {
    const p = parse({}).data!;
    expect(p.to - p.from).toBe(24 * H);
    expect(p.step).toBe(1800);
  });

  it.each(['5x', '1.5', '-1', 'h', '1 hour'])('rejects step %s', (step) => {
    expect(messages({ step })).toEqual(['step must be whole seconds (e.g. 300) or a duration like 30s, 5m, 1h, 1d']);
  });

  it('rejects a zero or huge step', () => {
    expect(messages({ step: '0' })).toEqual(['step must be between 1 s and 365 d']);
    expect(messages({ step: '400d' })).toEqual(['step must be between 1 s and 365 d']);
  });

  it('rejects a step that gives more than 1000 buckets, saying which step would do', () => {
    expect(messages({ from: '0', to: String(86_400_000), step: '60' })).toEqual([
      'a step of 60 s gives 1441 buckets over this range; at most 1000 are allowed (use a step of at least 87 s or a shorter range)',
    ]);
    expect(parse({ from: '0', to: String(86_400_000), step: '87' }).success).toBe(true);
  });

  it('rejects unknown metrics and groupings, and groupings that do not apply', () => {
    expect(messages({ metric: 'latency' })).toEqual(['metric must be one of spans, errors, handoffs, drift_rate, fidelity, consistency, sessions']);
    expect(metricParamsSchema.safeParse({}).error?.issues.map((i) => i.path)).toEqual([['metric']]);
    expect(messages({ groupBy: 'user' })).toEqual(['groupBy must be one of agent, agent_pair']);
    for (const metric of ['spans', 'errors', 'consistency', 'sessions']) {
      expect(messages({ metric, groupBy: 'agent_pair' })).toEqual([
        `groupBy=agent_pair does not apply to metric ${metric}: groupBy=agent_pair works with handoffs, drift_rate, fidelity; groupBy=agent works with every metric`,
      ]);
    }
    for (const metric of ['handoffs', 'drift_rate', 'fidelity']) expect(parse({ metric, groupBy: 'agent_pair' }).success).toBe(true);
  });
});
