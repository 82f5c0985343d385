import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceDetail } from '@/lib/schemas/api';
import type { Handoff } from '@/lib/schemas/handoffs';
import { compaction, digestFacts, receiveHandoff, sendHandoff, type HandoffCarrier } from '@baton/sdk';
import { otelHarness, within, type OtelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * The instrumentation helper end to end: agents instrumented with
 * `@opentelemetry/api` and @baton/sdk only (the real SDK and OTLP exporter
 * underneath, as an app would configure them), the real server, its API.
 */

let baton: BatonProcess;
let otel: OtelHarness;

beforeAll(async () => {
  baton = await startBaton();
  otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'helper-agents');
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const agent = (name: string, sessionId: string) => ({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name, 'session.id': sessionId });

/** Polls until `check` returns a value, for at most `ms`. */
async function eventually<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function traceHandoffs(traceId: string): Promise<Handoff[]> {
  const res = await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);
  return res.status === 200 ? (res.body.handoffs ?? []) : [];
}

const completeIn = (traceId: string, match: (h: Handoff) => boolean) => async () =>
  (await traceHandoffs(traceId)).find((h) => match(h) && h.status === 'complete');

/** What crosses between the two agents: a message serialized as JSON, as a queue or HTTP call would carry it. */
function overTheWire<T>(message: T): T {
  return JSON.parse(JSON.stringify(message)) as T;
}

const refundCap = { id: 'refund-cap', text: 'Never refund above the budget' };

describe('@baton/sdk with the real server', () => {
  it('triage hands off to billing in another trace; the carrier names the handoff; billing drops a required fact', async () => {
    let triageTrace = '';
    const message = within(otel.tracer, undefined, 'invoke_agent triage', agent('triage', 'sdk-1'), (span) => {
      triageTrace = span.spanContext().traceId;
      const { carrier } = sendHandoff(span, {
        to: 'billing',
        facts: { customer: { id: 'C-42' }, order: 48213, budget: 300 },
        constraints: [refundCap],
        contract: { required: ['customer.id', 'order', 'refund-cap'], preserve: ['budget'] },
        text: 'Customer C-42 wants a refund for order 48213, at most 300 EUR.',
      });
      return { text: 'Please refund order 48213', ...carrier };
    });
    await otel.flush();

    let billingTrace = '';
    const received = overTheWire(message);
    const id = within(otel.tracer, undefined, 'invoke_agent billing', agent('billing', 'sdk-1'), (span) => {
      billingTrace = span.spanContext().traceId;
      return receiveHandoff(span, { carrier: received, facts: { customer: { id: 'C-42' }, budget: 300 }, constraints: [refundCap], tokens: 640, tokenLimit: 8000 });
    });
    await otel.flush();

    expect(billingTrace).not.toBe(triageTrace);
    expect(id).toBe(message['baton.handoff.id']);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const traceId of [triageTrace, billingTrace]) {
      const h = await eventually(`handoff in ${traceId}`, 5000, completeIn(traceId, (x) => x.id === id));
      expect(h).toMatchObject({
        source: 'explicit',
        sessionId: 'sdk-1',
        fromAgent: 'triage',
        toAgent: 'billing',
        fromTraceId: triageTrace,
        toTraceId: billingTrace,
        contract: { required: ['customer.id', 'order', 'refund-cap'], preserve: ['budget'], forbidden: [] },
        drift: { method: 'snapshot', dropped: ['order'], changed: [], contractMissing: ['order'], preserveViolated: [], constraintsDropped: [], fidelity: 0.75, severity: 'critical' },
      });
    }
  });

  it('a compaction pair shows as a compaction handoff of the agent to itself', async () => {
    let trace = '';
    within(otel.tracer, undefined, 'invoke_agent researcher', agent('researcher', 'sdk-2'), (span) => {
      trace = span.spanContext().traceId;
      compaction(
        span,
        { facts: { topic: 'refund policy', region: 'EU', tone: 'formal' }, tokens: 7900, tokenLimit: 8000, time: new Date(Date.now() - 2000) },
        { facts: { topic: 'refund policy', region: 'EU' }, text: 'Summary: EU refund policy.', tokens: 1100, tokenLimit: 8000, truncated: true },
      );
    });
    await otel.flush();
    const h = await eventually('compaction handoff', 5000, completeIn(trace, (x) => x.source === 'compaction'));
    expect(h).toMatchObject({ fromAgent: 'researcher', toAgent: 'researcher', fromTraceId: trace, toTraceId: trace, drift: { dropped: ['tone'], truncated: true, severity: 'warning' } });
  });

  it('privacy mode: digests from the sender compare with the receiver values byte for byte', async () => {
    let senderTrace = '';
    const factDigests = await digestFacts({ customer: { id: ' C-42 ', email: 'a@example.com' }, order: 48213, items: [{ sku: 'X1', qty: 2 }] });
    const carrier: HandoffCarrier = within(otel.tracer, undefined, 'invoke_agent intake', agent('intake', 'sdk-3'), (span) => {
      senderTrace = span.spanContext().traceId;
      return sendHandoff(span, { to: 'fulfilment', factDigests, contract: { required: ['order'], forbidden: ['customer.email'] } }).carrier;
    });
    let receiverTrace = '';
    within(otel.tracer, undefined, 'invoke_agent fulfilment', agent('fulfilment', 'sdk-3'), (span) => {
      receiverTrace = span.spanContext().traceId;
      receiveHandoff(span, { carrier: overTheWire(carrier), facts: { customer: { id: 'C-42' }, order: 48213, items: [{ qty: 3, sku: 'X1' }] } });
    });
    await otel.flush();
    const h = await eventually('digest handoff', 5000, completeIn(receiverTrace, (x) => x.id === carrier['baton.handoff.id']));
    expect(h).toMatchObject({
      fromAgent: 'intake',
      fromTraceId: senderTrace,
      // customer.email stays behind as the contract forbids: not a drop, and not a fact in fidelity (3 facts, items changed, and 2 contract entries kept: 4 of 5).
      drift: { method: 'digest', dropped: [], changed: [{ key: 'items', from: null, to: null }], added: [], contractMissing: [], forbiddenPresent: [], fidelity: 0.8, severity: 'warning' },
    });
  });
});
