import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import type { DecodedSpan } from '@/ingest/otlp/types';
import { Analyzer } from '@/lib/analyzer/analyzer';
import type { Store } from '@/lib/db/store';
import { attrs, hexId, makeEvent, makeSpan, makeTraces, nsAt } from './factories';
import { tempStore } from './temp-store';

/**
 * A small multi-agent history written through the real writer and analysed by
 * the real analyzer, for the overview and agents query tests. Times are
 * relative to BASE, a whole hour some hours ago; WINDOW covers everything but
 * one old trace.
 *
 * - trace 1 (session s-1, at 0): triage (1 s) sends h-1 {order, budget} to
 *   billing (2 s, starts 100 ms after the send), which receives {order} only
 *   (warning, fidelity 0.5); a tool call of billing fails.
 * - trace 2 (s-1, at +60 min): triage (3 s) sends h-2 {order} to billing (4 s,
 *   100 ms after the send), received whole; and h-3 to refunds, never received.
 * - trace 3 (s-2, at +120 min): planner (0.5 s) delegates to writer (1.5 s),
 *   whose run fails (no snapshots: the text method, which finds nothing).
 * - trace 4 (no session, at +150 min): auditor (1 s) calls a model, which
 *   calls a tool that fails; written tool first, then the model call, then
 *   the run, each in its own batch (children end first, so exporters often
 *   send them first): the stored spans do not know their agent.
 * - trace 9 (s-old, 5 h before BASE): old-agent, outside WINDOW.
 */

export const H = 3_600_000;
export const M = 60_000;
export const S = 1_000;
export const BASE = Math.floor((Date.now() - 8 * H) / H) * H;
export const WINDOW = { from: String(BASE - H), to: String(BASE + 3 * H) };

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
  durationMs: number;
  session?: string;
  error?: boolean;
  events?: DecodedSpan['events'];
  op?: string;
}

function span(s: SpanSpec): DecodedSpan {
  const agentAttrs: Record<string, string> = s.agent ? { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': s.agent } : { 'gen_ai.operation.name': s.op ?? 'execute_tool' };
  const sessionAttrs: Record<string, string> = s.session ? { 'session.id': s.session, 'user.id': `user-of-${s.session}` } : {};
  return makeSpan({
    traceId: hexId(s.trace, 16),
    spanId: hexId(s.span, 8),
    parentSpanId: s.parent ? hexId(s.parent, 8) : '',
    name: s.agent ? `invoke_agent ${s.agent}` : `${s.op ?? 'execute_tool'} step`,
    startNs: nsAt(BASE + s.at),
    endNs: nsAt(BASE + s.at + s.durationMs),
    attrs: attrs({ ...agentAttrs, ...sessionAttrs }),
    statusCode: s.error ? 2 : 0,
    events: s.events ?? [],
  });
}

export function fixtureSpans(): DecodedSpan[] {
  const t2 = 60 * M;
  const t3 = 120 * M;
  return [
    span({ trace: 1, span: 11, agent: 'triage', at: 0, durationMs: S, session: 's-1', events: [snapshot('sent', 100, 'h-1', { order: 1, budget: 300 }, 'billing')] }),
    span({ trace: 1, span: 12, parent: 11, agent: 'billing', at: 200, durationMs: 2 * S, events: [snapshot('received', 300, 'h-1', { order: 1 })] }),
    span({ trace: 1, span: 13, parent: 12, at: 400, durationMs: 100, error: true }),
    span({
      trace: 2,
      span: 21,
      agent: 'triage',
      at: t2,
      durationMs: 3 * S,
      session: 's-1',
      events: [snapshot('sent', t2 + 100, 'h-2', { order: 1 }, 'billing'), snapshot('sent', t2 + 150, 'h-3', { order: 1 }, 'refunds')],
    }),
    span({ trace: 2, span: 22, parent: 21, agent: 'billing', at: t2 + 200, durationMs: 4 * S, events: [snapshot('received', t2 + 300, 'h-2', { order: 1 })] }),
    span({ trace: 3, span: 31, agent: 'planner', at: t3, durationMs: 500, session: 's-2' }),
    span({ trace: 3, span: 32, parent: 31, agent: 'writer', at: t3 + 100, durationMs: 1500, error: true }),
    span({ trace: 9, span: 91, agent: 'old-agent', at: -5 * H, durationMs: S, session: 's-old' }),
  ];
}

/** Trace 4, in the order it is written: the failing tool, its model call, then the auditor's run. */
export function lateParentBatches(): DecodedSpan[][] {
  const t4 = 150 * M;
  return [
    [span({ trace: 4, span: 43, parent: 42, at: t4 + 200, durationMs: 100, error: true })],
    [span({ trace: 4, span: 42, parent: 41, op: 'chat', at: t4 + 100, durationMs: 500 })],
    [span({ trace: 4, span: 41, agent: 'auditor', at: t4, durationMs: S })],
  ];
}

export interface Fixture {
  store: Store;
  writer: Writer;
  /** Writes spans (again, for a redelivery; from another service, for a copy) and waits for their analysis. */
  write(spans: DecodedSpan[], service?: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh store holding the fixture, analysed. */
export async function agentFixture(): Promise<Fixture> {
  const { store, cleanup } = await tempStore();
  const analyzer = new Analyzer(store, { debounceMs: 10 });
  const writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, onCommit: (c) => analyzer.notify(c.touched, c.analysis) });
  await analyzer.start();
  const write = async (spans: DecodedSpan[], service?: string) => {
    await writer.write(toRows(makeTraces(spans, service), rowOptions(30)));
    await analyzer.idle();
  };
  await write(fixtureSpans());
  for (const batch of lateParentBatches()) await write(batch);
  return {
    store,
    writer,
    write,
    async close() {
      await writer.close();
      await analyzer.stop();
      await cleanup();
    },
  };
}
