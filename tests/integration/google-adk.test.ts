import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { analysedSession, registerExport, storedTrace, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Google's Agent Development Kit (`@google/adk`), run for real: a
 * `coordinator` LlmAgent with two sub-agents; the coordinator transfers the
 * conversation to `billing_agent`, which looks the invoice up and transfers
 * it to `refunds_agent`, which issues the refund and answers, each transfer
 * with ADK's own `transfer_to_agent` tool. Scripted models (`BaseLlm`), no
 * network. ADK traces with the global OpenTelemetry API, so the app registers
 * a tracer provider (exported by the OTel SDK to a real Baton); the session is
 * ADK's own (`gen_ai.conversation.id`), the user comes from the app's request
 * span, as ADK records none.
 *
 * ADK pins `@opentelemetry/api` 1.9.0 and keeps its own copy when the app has
 * another version; its tracer is taken when ADK is loaded, so the provider
 * must be registered before ADK is imported (as OpenTelemetry's own docs say
 * to do), hence the dynamic import below.
 */

const SESSION = 'adk-session-1';
const USER = 'adk-user-1';

let baton: BatonProcess;
let otel: FrameworkExport;
let adk: typeof import('@/tests/helpers/adk-agents');

beforeAll(async () => {
  baton = await startBaton();
  otel = registerExport(baton, 'support-adk');
  adk = await import('@/tests/helpers/adk-agents');
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const runOf = (detail: TraceDetail, agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;

describe('Google ADK sub-agents and transfer_to_agent', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;
  let ended: Span[];

  beforeAll(async () => {
    const desk = adk.supportDesk();
    const request = (go: () => Promise<string>) =>
      trace.getTracer('support-app').startActiveSpan('support request', { attributes: { 'user.id': USER } }, (span) => go().finally(() => span.end()));
    expect(await request(() => desk.run(USER, SESSION))).toBe(adk.ANSWER);
    expect(desk.calls()).toEqual({ coordinator: 1, billing: 2, refunds: 2 });
    await otel.flush();
    const emitted: ReadableSpan[] = otel.emitted();
    ({ summary, detail } = await storedTrace(baton, SESSION, emitted.length));
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual(emitted.map((s) => s.spanContext().spanId).sort());
    ended = emitted.map((s) => detail.spans.find((d) => d.spanId === s.spanContext().spanId) as Span);
  });

  it('finds ADK’s session, the app’s user and the three agents, with no errors', () => {
    const { coordinator, billing, refunds } = adk.AGENTS;
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'support-adk', rootName: 'support request', agents: [billing, coordinator, refunds], errors: 0 });
    expect(new Set(detail.spans.map((s) => `${s.sessionId} / ${s.userId}`))).toEqual(new Set([`${SESSION} / ${USER}`]));
    expect(new Set(detail.spans.map((s) => s.agent))).toEqual(new Set(['', coordinator, billing, refunds]));
  });

  it('types every span: ADK’s call_llm spans are model calls', () => {
    expect(typeCounts(detail)).toEqual({
      'support request: other': 1,
      'invocation: other': 1,
      'invoke_agent coordinator: agent': 1,
      'invoke_agent billing_agent: agent': 1,
      'invoke_agent refunds_agent: agent': 1,
      'call_llm: llm': 5,
      'execute_tool transfer_to_agent: tool': 2,
      'execute_tool lookup_invoice: tool': 1,
      'execute_tool issue_refund: tool': 1,
    });
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it', () => {
    const { AGENTS, MODELS, USAGE } = adk;
    // In the order they ended: a transfer runs the next agent inside the model call that asked for it.
    expect(ended.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: AGENTS.billing, model: MODELS.billing, usage: USAGE.billingLookup },
      { agent: AGENTS.refunds, model: MODELS.refunds, usage: USAGE.refundsIssue },
      { agent: AGENTS.refunds, model: MODELS.refunds, usage: USAGE.refundsAnswer },
      { agent: AGENTS.billing, model: MODELS.billing, usage: USAGE.billingToRefunds },
      { agent: AGENTS.coordinator, model: MODELS.coordinator, usage: USAGE.coordinatorToBilling },
    ]);
    expect(ended.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.tool}`)).toEqual([
      'coordinator: transfer_to_agent',
      'billing_agent: lookup_invoice',
      'billing_agent: transfer_to_agent',
      'refunds_agent: issue_refund',
    ]);
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 2));
    });

    it('finds the two transfers ADK made, from the transferring agent’s run to the receiving one’s, and no other', () => {
      const handoffs = [...stored.handoffs].sort((a, b) => a.time.localeCompare(b.time) || a.fromAgent.localeCompare(b.fromAgent));
      const { coordinator, billing, refunds } = adk.AGENTS;
      expect(handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'framework', status: 'complete', from: coordinator, to: billing, fromSpanId: runOf(detail, coordinator), toSpanId: runOf(detail, billing) },
        { source: 'framework', status: 'complete', from: billing, to: refunds, fromSpanId: runOf(detail, billing), toSpanId: runOf(detail, refunds) },
      ]);
      expect(session.handoffs.map((h) => h.id).sort()).toEqual(handoffs.map((h) => h.id).sort());
    });

    it('sums the session: one trace, three agents, no errors, tokens of the model calls', () => {
      const calls = Object.values(adk.USAGE);
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: [adk.AGENTS.billing, adk.AGENTS.coordinator, adk.AGENTS.refunds], handoffs: 2, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });
});
