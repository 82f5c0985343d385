import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span, Tracer } from '@opentelemetry/api';
import type { ApiError, TraceDetail } from '@/lib/schemas/api';
import type { Handoff, HandoffList } from '@/lib/schemas/handoffs';
import type { SessionDetail, SessionList } from '@/lib/schemas/sessions';
import { otelHarness, serializedSpans, within, type OtelHarness } from '@/tests/helpers/otel';
import { recordSnapshot } from '@/tests/helpers/snapshots';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';
import { eventually } from '@/tests/helpers/eventually';

/**
 * Handoffs, drift and session consistency end to end: the real OTel SDK and
 * exporter send, the server's analyzer finds the handoffs, the API shows them.
 */

let baton: BatonProcess;
let otel: OtelHarness;

beforeAll(async () => {
  baton = await startBaton();
  otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'support-agents');
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const agent = (name: string, extra: Record<string, string> = {}) => ({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name, ...extra });

async function traceHandoffs(traceId: string): Promise<Handoff[]> {
  return (await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`)).body.handoffs ?? [];
}

function handoffIn(traceId: string, id: string, status = 'complete') {
  return async () => (await traceHandoffs(traceId)).find((h) => h.id === id && h.status === status);
}

let inOrderTrace = '';

describe('explicit handoffs', () => {
  it('in order, in one trace: complete within 2 s, with the drift the snapshots show', async () => {
    within(otel.tracer, undefined, 'invoke_agent triage', agent('triage', { 'session.id': 'sess-1', 'user.id': 'u-1' }), (triage) => {
      inOrderTrace = triage.spanContext().traceId;
      recordSnapshot(triage, {
        phase: 'sent',
        handoffId: 'h-in-order',
        to: 'billing',
        facts: { customer: { id: 'C-42' }, budget: 300, order: 48213 },
        constraints: ['Never refund above the budget'],
        contract: { required: ['customer.id', 'budget'], preserve: ['budget'] },
      });
      within(otel.tracer, triage, 'invoke_agent billing', agent('billing'), (billing) => {
        recordSnapshot(billing, { phase: 'received', handoffId: 'h-in-order', facts: { customer: { id: 'C-42' }, budget: 250, order: '48213' }, constraints: ['never refund above the budget'] });
      });
    });
    await otel.flush();
    const { value: h, elapsed } = await eventually('handoff visible', 2000, handoffIn(inOrderTrace, 'h-in-order'));
    expect(elapsed).toBeLessThanOrEqual(2000);
    expect(h).toMatchObject({
      source: 'explicit',
      sessionId: 'sess-1',
      fromAgent: 'triage',
      toAgent: 'billing',
      contract: { required: ['customer.id', 'budget'], preserve: ['budget'], forbidden: [] },
      drift: {
        method: 'snapshot',
        changed: [{ key: 'budget', from: 300, to: 250 }],
        dropped: [],
        preserveViolated: ['budget'],
        contractMissing: [],
        constraintsDropped: [],
        // 3 facts, 1 constraint and 3 contract entries; budget changed and its preserve entry broken: 5 of 7.
        fidelity: 0.714,
        severity: 'critical',
      },
    });
  });

  it('out of order, across traces: pending with the receiver only, complete when the sender arrives', async () => {
    let receiverTrace = '';
    let senderTrace = '';
    within(otel.tracer, undefined, 'invoke_agent refunds', agent('refunds', { 'session.id': 'sess-1' }), (refunds) => {
      receiverTrace = refunds.spanContext().traceId;
      recordSnapshot(refunds, { phase: 'received', handoffId: 'h-late', facts: { order: 48213, refund: 50 } });
    });
    await otel.flush();
    const pending = await eventually('pending handoff', 2000, handoffIn(receiverTrace, 'h-late', 'pending'));
    expect(pending.value).toMatchObject({ fromAgent: '', toAgent: 'refunds', toTraceId: receiverTrace, fromSpanId: '' });

    within(otel.tracer, undefined, 'invoke_agent billing', agent('billing', { 'session.id': 'sess-1' }), (billing) => {
      senderTrace = billing.spanContext().traceId;
      recordSnapshot(billing, { phase: 'sent', handoffId: 'h-late', to: 'refunds', facts: { order: 48213, refund: 50, reason: 'late delivery' } }, new Date(Date.now() - 60_000));
    });
    await otel.flush();
    const { value: h, elapsed } = await eventually('completed handoff', 2000, handoffIn(receiverTrace, 'h-late'));
    expect(elapsed).toBeLessThanOrEqual(2000);
    expect(h).toMatchObject({ fromAgent: 'billing', toAgent: 'refunds', fromTraceId: senderTrace, toTraceId: receiverTrace, drift: { dropped: ['reason'], severity: 'warning' } });
    expect((await traceHandoffs(senderTrace)).map((x) => x.id)).toContain('h-late');
  });

  it('a sent side never answered stays visible as pending', async () => {
    let trace = '';
    within(otel.tracer, undefined, 'invoke_agent planner', agent('planner', { 'session.id': 'sess-2' }), (planner) => {
      trace = planner.spanContext().traceId;
      recordSnapshot(planner, { phase: 'sent', handoffId: 'h-unanswered', to: 'writer', facts: { topic: 'x' } });
    });
    await otel.flush();
    const { value } = await eventually('unanswered handoff', 2000, handoffIn(trace, 'h-unanswered', 'pending'));
    expect(value).toMatchObject({ fromAgent: 'planner', toAgent: 'writer', toSpanId: '' });
  });
});

describe('inferred handoffs, no Baton attributes', () => {
  it('follows a span link from a consumer agent to its producer in another trace', async () => {
    let producer: Span | undefined;
    within(otel.tracer, undefined, 'invoke_agent intake', agent('intake', { 'session.id': 'sess-3' }), (s) => (producer = s));
    const consumerSpan = otel.tracer.startSpan('invoke_agent fulfilment', { attributes: agent('fulfilment', { 'session.id': 'sess-3' }), links: [{ context: producer!.spanContext() }] });
    consumerSpan.end();
    await otel.flush();
    const trace = consumerSpan.spanContext().traceId;
    const { value } = await eventually('link handoff', 2000, async () => (await traceHandoffs(trace)).find((h) => h.source === 'link'));
    expect(value).toMatchObject({ fromAgent: 'intake', toAgent: 'fulfilment', status: 'complete', fromTraceId: producer!.spanContext().traceId });
  });

  it('finds delegation and compares what each agent was given', async () => {
    const given = (tracer: Tracer, parent: Span, text: string) =>
      within(tracer, parent, 'chat gpt-4o', { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: text }] }]) }, () => undefined);
    let trace = '';
    within(otel.tracer, undefined, 'invoke_agent planner', agent('planner', { 'session.id': 'sess-4' }), (planner) => {
      trace = planner.spanContext().traceId;
      given(otel.tracer, planner, 'Plan a trip to Lyon for customer C-1042.\nNever book flights over 300 EUR.');
      within(otel.tracer, planner, 'invoke_agent researcher', agent('researcher'), (researcher) => given(otel.tracer, researcher, 'Find flights to Lyon.'));
    });
    await otel.flush();
    const { value } = await eventually('delegation handoff', 2000, async () => (await traceHandoffs(trace)).find((h) => h.source === 'delegation'));
    expect(value).toMatchObject({
      fromAgent: 'planner',
      toAgent: 'researcher',
      drift: { method: 'text', dropped: ['C-1042'], constraintsDropped: ['Never book flights over 300 EUR.'], severity: 'critical' },
    });
  });
});

describe('duplicate delivery', () => {
  it('does not duplicate handoffs when an exporter delivers the same spans twice', async () => {
    let trace = '';
    const body = await serializedSpans((tracer) =>
      within(tracer, undefined, 'invoke_agent dispatcher', agent('dispatcher', { 'session.id': 'sess-5' }), (d) => {
        trace = d.spanContext().traceId;
        recordSnapshot(d, { phase: 'sent', handoffId: 'h-dup', to: 'courier', facts: { parcel: 7 } });
        within(tracer, d, 'invoke_agent courier', agent('courier'), (c) => recordSnapshot(c, { phase: 'received', handoffId: 'h-dup', facts: { parcel: 7 } }));
      }),
    );
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${baton.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: new Uint8Array(body) });
      expect(res.status).toBe(200);
    }
    await eventually('handoff', 2000, handoffIn(trace, 'h-dup'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await traceHandoffs(trace)).map((h) => h.id)).toEqual(['h-dup']);
    const list = await baton.api<HandoffList>('/api/v1/handoffs?fromAgent=dispatcher');
    expect(list.body.handoffs.map((h) => h.id)).toEqual(['h-dup']);
  });
});

describe('sessions', () => {
  it('finds a later session of the same user contradicting how the earlier one ended', async () => {
    within(otel.tracer, undefined, 'invoke_agent support', agent('support', { 'session.id': 'sess-c1', 'user.id': 'u-7' }), (s) =>
      recordSnapshot(s, { phase: 'checkpoint', facts: { plan: 'pro', seat: '12A' } }),
    );
    await otel.flush();
    await eventually('first session analysed', 2000, async () => (await baton.api<SessionList>('/api/v1/sessions?user=u-7')).body.sessions?.[0]);
    within(otel.tracer, undefined, 'invoke_agent support', agent('support', { 'session.id': 'sess-c2', 'user.id': 'u-7' }), (s) =>
      recordSnapshot(s, { phase: 'checkpoint', facts: { plan: 'basic', seat: '12A' } }),
    );
    await otel.flush();
    const { value } = await eventually('second session', 2000, async () => {
      const r = await baton.api<SessionDetail>('/api/v1/sessions/sess-c2');
      // Answered from stored results: wait until the analyzer has folded the session.
      return r.status === 200 && !r.body.analysisPending ? r.body : undefined;
    });
    expect(value.contradictions).toMatchObject([{ key: 'plan', from: 'pro', to: 'basic', scope: 'cross-session', agent: 'support' }]);
    expect(value.metrics.previousSessionId).toBe('sess-c1');
    expect(value.facts.map((f) => f.key).sort()).toEqual(['plan', 'seat']);
    expect(value.session).toMatchObject({ sessionId: 'sess-c2', userId: 'u-7', traces: 1, contradictions: 1 });
    expect(value.metrics.scoreFormula).toMatch(/^score = min\(100 × .*cap = 79 − 100 × critical share/);
  });

  it('lists sessions with their consistency, filtered', async () => {
    const all = await eventually('sessions listed', 2000, async () => {
      const r = await baton.api<SessionList>('/api/v1/sessions?limit=200');
      return r.body.sessions.some((s) => s.sessionId === 'sess-1' && s.handoffs === 2) ? r.body : undefined;
    });
    const one = all.value.sessions.find((s) => s.sessionId === 'sess-1')!;
    expect(one).toMatchObject({ userId: 'u-1', agents: ['billing', 'refunds', 'triage'], driftedHandoffs: 2 });
    expect(one.score).toBeLessThan(100);
    const worst = await baton.api<SessionList>(`/api/v1/sessions?maxScore=${one.score}&agent=refunds`);
    expect(worst.body.sessions.map((s) => s.sessionId)).toEqual(['sess-1']);
    const detail = await baton.api<SessionDetail>('/api/v1/sessions/sess-1');
    expect(detail.body.handoffs.map((h) => h.id).sort()).toEqual(['h-in-order', 'h-late']);
    expect(detail.body.traces).toHaveLength(3);
  });

  it('filters handoffs by severity and agents', async () => {
    const critical = await baton.api<HandoffList>('/api/v1/handoffs?severity=critical&toAgent=billing');
    expect(critical.body.handoffs.map((h) => h.id)).toEqual(['h-in-order']);
  });

  it.each([
    ['/api/v1/sessions?minScore=200', 400, /minScore must be 0..100/],
    ['/api/v1/sessions?minScore=80&maxScore=20', 400, /minScore must not exceed maxScore/],
    ['/api/v1/handoffs?severity=bad', 400, /severity must be one of critical, warning, info, none/],
    ['/api/v1/sessions/no-such-session', 404, /no session no-such-session/],
  ])('%s answers %d', async (path, status, message) => {
    const res = await baton.api<ApiError>(path);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  });
});
