import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import type { DecodedSpan } from '@/ingest/otlp/types';
import { handoffsOfSession } from '@/lib/queries/handoffs';
import { attrs, hexId, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import { select, tempStore } from '@/tests/helpers/temp-store';
import type { Store } from '@/lib/db/store';
import { Analyzer, type RunStats } from './analyzer';

/** The analyzer on a real store: after commits, idempotent, superseding inferred edges. */

let store: Store;
let cleanup: () => Promise<void>;
let writer: Writer;
let analyzer: Analyzer;
const runs: RunStats[] = [];
const T0 = Date.now() - 600_000;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  analyzer = new Analyzer(store, { debounceMs: 10, onRun: (s) => runs.push(s) });
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, onCommit: (c) => analyzer.notify(c.touched, c.analysis) });
  await analyzer.start();
});
afterAll(async () => {
  await writer.close();
  await analyzer.stop();
  await cleanup();
});

async function send(spans: DecodedSpan[]) {
  await writer.write(toRows(makeTraces(spans), rowOptions(30)));
  await analyzer.idle();
}

const agentSpan = (trace: number, span: number, parent: number, agent: string, at: number, extra: Partial<DecodedSpan> = {}) =>
  makeSpan({
    traceId: hexId(trace, 16),
    spanId: hexId(span, 8),
    parentSpanId: parent ? hexId(parent, 8) : '',
    name: `invoke_agent ${agent}`,
    startNs: nsAt(T0 + at),
    endNs: nsAt(T0 + at + 100),
    attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent, ...(parent ? {} : { 'session.id': 'sess-a', 'user.id': 'u1' }) }),
    ...extra,
  });

const snapshot = (phase: string, at: number, facts: object, extra: Record<string, string> = {}) =>
  makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': phase, 'baton.snapshot.facts': JSON.stringify(facts), 'baton.handoff.id': 'h-1', ...extra }, nsAt(T0 + at));

describe('analyzer', () => {
  it('turns a delegation into a handoff, then an explicit one once the snapshots arrive', async () => {
    await send([agentSpan(1, 1, 0, 'triage', 0), agentSpan(1, 2, 1, 'billing', 10)]);
    let handoffs = await handoffsOfSession(store.client, 'sess-a');
    expect(handoffs.map((h) => `${h.source} ${h.fromAgent}>${h.toAgent} ${h.drift.method}`)).toEqual(['delegation triage>billing text']);

    // The same spans again, now with the agents' snapshots: the explicit handoff takes the edge's place.
    await send([
      agentSpan(1, 1, 0, 'triage', 0, { events: [snapshot('sent', 5, { order: 48213, budget: 300 }, { 'baton.handoff.to': 'billing', 'baton.handoff.contract': '["budget"]' })] }),
      agentSpan(1, 2, 1, 'billing', 10, { events: [snapshot('received', 11, { order: 48213 })] }),
    ]);
    handoffs = await handoffsOfSession(store.client, 'sess-a');
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({ id: 'h-1', source: 'explicit', status: 'complete', drift: { dropped: ['budget'], contractMissing: ['budget'], severity: 'critical' } });
  });

  it('writes nothing new when the same data is analysed again', async () => {
    const before = await select<{ n: string }>(store, 'SELECT count() AS n FROM handoffs');
    await send([agentSpan(1, 1, 0, 'triage', 0), agentSpan(1, 2, 1, 'billing', 10)]);
    const after = await select<{ n: string }>(store, 'SELECT count() AS n FROM handoffs');
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('keeps a session summary with its score', async () => {
    const [row] = await select<{ handoffs: number; drifted_handoffs: number; score: number; user_id: string; agents: string[] }>(
      store,
      "SELECT handoffs, drifted_handoffs, score, user_id, agents FROM sessions FINAL WHERE session_id = 'sess-a'",
    );
    expect(row).toMatchObject({ handoffs: 1, drifted_handoffs: 1, user_id: 'u1', agents: ['billing', 'triage'] });
    expect(row!.score).toBeLessThan(100);
  });

  it('analyses each run once for a burst of commits', async () => {
    runs.length = 0;
    await Promise.all([1, 2, 3].map((n) => writer.write(toRows(makeTraces([agentSpan(10 + n, 1, 0, 'solo', 0)]), rowOptions(30)))));
    await analyzer.idle();
    expect(runs.reduce((n, r) => n + r.units, 0)).toBeLessThanOrEqual(3);
    expect(runs.every((r) => r.failed === 0)).toBe(true);
  });

  it('finds a delegation whose child arrived before its parent, in another request', async () => {
    await send([{ ...agentSpan(20, 2, 1, 'researcher', 10), attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'researcher' }) }]);
    await send([{ ...agentSpan(20, 1, 0, 'planner', 0), attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'session.id': 'sess-late' }) }]);
    const handoffs = await handoffsOfSession(store.client, 'sess-late');
    expect(handoffs.map((h) => `${h.source} ${h.fromAgent}>${h.toAgent}`)).toEqual(['delegation planner>researcher']);
  });

  it('still finds a session after the trace rollup merges batches that name no session', async () => {
    const child = (span: number, agent: string, at: number) => ({ ...agentSpan(21, span, 1, agent, at), attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent }) });
    await send([child(3, 'writer', 30)]);
    await send([child(2, 'researcher', 10)]);
    await send([{ ...agentSpan(21, 1, 0, 'planner', 0), attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'session.id': 'sess-merged' }) }]);
    await send([child(4, 'editor', 40)]);
    // A merge keeps one row per trace: the session must survive whichever rows it folds.
    await store.client.command({ query: 'OPTIMIZE TABLE traces FINAL' });
    await send([child(4, 'editor', 40)]);
    const handoffs = await handoffsOfSession(store.client, 'sess-merged');
    expect(handoffs.map((h) => `${h.fromAgent}>${h.toAgent}`).sort()).toEqual(['planner>editor', 'planner>researcher', 'planner>writer']);
    const [trace] = await select<{ n: string }>(store, "SELECT count() AS n FROM traces WHERE has(session_ids, 'sess-merged')");
    expect(Number(trace!.n)).toBeGreaterThan(0);
  });

  it('reads what each agent was given from flattened OpenInference messages', async () => {
    const llm = (span: number, parent: number, at: number, content: string) =>
      makeSpan({
        traceId: hexId(22, 16),
        spanId: hexId(span, 8),
        parentSpanId: hexId(parent, 8),
        name: 'ChatCompletion',
        startNs: nsAt(T0 + at),
        endNs: nsAt(T0 + at + 5),
        attrs: attrs({ 'openinference.span.kind': 'LLM', 'llm.input_messages.0.message.role': 'user', 'llm.input_messages.0.message.content': content }),
      });
    const agent = (span: number, parent: number, name: string, at: number) =>
      makeSpan({
        traceId: hexId(22, 16),
        spanId: hexId(span, 8),
        parentSpanId: parent ? hexId(parent, 8) : '',
        name,
        startNs: nsAt(T0 + at),
        endNs: nsAt(T0 + at + 50),
        attrs: attrs({ 'openinference.span.kind': 'AGENT', 'agent.name': name, ...(parent ? {} : { 'session.id': 'sess-oi-text' }) }),
      });
    await send([
      agent(1, 0, 'planner', 0),
      llm(2, 1, 1, 'Book Lyon for customer C-1042. Never book trains over 150 EUR.'),
      agent(3, 1, 'booker', 10),
      llm(4, 3, 11, 'Book Lyon.'),
    ]);
    const [handoff] = await handoffsOfSession(store.client, 'sess-oi-text');
    expect(handoff).toMatchObject({ source: 'delegation', fromAgent: 'planner', toAgent: 'booker', drift: { method: 'text' } });
    expect(handoff!.drift.dropped).toContain('C-1042');
    expect(handoff!.drift.textSimilarity).toEqual(expect.any(Number));
  });

  describe('cross-session contradictions, whatever order sessions are analysed in', () => {
    const session = (trace: number, sessionId: string, at: number, tier: string) =>
      makeSpan({
        traceId: hexId(trace, 16),
        spanId: hexId(1, 8),
        name: 'invoke_agent concierge',
        startNs: nsAt(T0 + at),
        endNs: nsAt(T0 + at + 100),
        attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'concierge', 'session.id': sessionId, 'user.id': `user-of-${sessionId.slice(0, 2)}` }),
        events: [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': JSON.stringify({ tier }) }, nsAt(T0 + at + 1))],
      });
    const contradictions = async (sessionId: string) =>
      (await select<{ contradictions: number }>(store, 'SELECT contradictions FROM sessions FINAL WHERE session_id = {s:String}', { s: sessionId }))[0]?.contradictions;

    it('finds one when both sessions are analysed in one batch', async () => {
      await send([session(30, 'b1-early', 1_000, 'gold'), session(31, 'b1-late', 5_000, 'silver')]);
      expect(await contradictions('b1-late')).toBe(1);
      expect(await contradictions('b1-early')).toBe(0);
    });

    it('finds one when the earlier session arrives after the later one', async () => {
      await send([session(32, 'b2-late', 5_000, 'silver')]);
      expect(await contradictions('b2-late')).toBe(0);
      await send([session(33, 'b2-early', 1_000, 'gold')]);
      expect(await contradictions('b2-late')).toBe(1);
    });
  });
});

