import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context } from '@opentelemetry/api';
import { setSession, setUser } from '@arizeai/openinference-core';
import { OpenAIAgentsInstrumentation } from '@arizeai/openinference-instrumentation-openai-agents';
import * as agents from '@openai/agents';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { AGENTS, ANSWER, BILLING_ANSWER, MODELS, SHIPPING_ANSWER, TOOLS, USAGE, researchDesk } from '@/tests/helpers/openai-agents-tools';
import { analysedSession, registerExport, storedTrace, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * The OpenAI Agents SDK (JS) agents-as-tools pattern, run for real: an
 * orchestrator agent calls two specialist agents through `agent.asTool(...)`.
 * Unlike a handoff, the orchestrator keeps control: each specialist runs a
 * nested `Runner` on the input the orchestrator's model wrote, inside the
 * orchestrator's tool call, and its final output is the tool's result.
 * Instrumented with `@arizeai/openinference-instrumentation-openai-agents` as
 * its README says (`manuallyInstrument(agents)` with the tracer provider),
 * session and user from OpenInference's context, exported by the OTel SDK to a
 * real Baton. The instrumentation sends each specialist's run as an AGENT span
 * under the tool call (through a CHAIN span for the nested run's trace), and no
 * handoff span: Baton must show two delegations, the orchestrator's run → each
 * specialist's run, and no handoff of any other kind.
 */

const SESSION = 'oa-tools-session-1';
const USER = 'oa-tools-user-1';
const NAMES = [AGENTS.billing, AGENTS.orchestrator, AGENTS.shipping];

let baton: BatonProcess;
let otel: FrameworkExport;

beforeAll(async () => {
  baton = await startBaton();
  otel = registerExport(baton, 'research-openai-agents');
  const instrumentation = new OpenAIAgentsInstrumentation({ tracerProvider: otel.provider });
  instrumentation.manuallyInstrument(agents);
  // The SDK turns its own tracing off when NODE_ENV is `test` (`@openai/agents-core` `src/config.ts`), as vitest sets it; an app does not need this.
  agents.setTracingDisabled(false);
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const runOf = (detail: TraceDetail, agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;

describe('OpenAI Agents SDK agents as tools, through OpenInference', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;
  let ended: Span[];

  beforeAll(async () => {
    const desk = researchDesk();
    const answer = await context.with(setUser(setSession(context.active(), { sessionId: SESSION }), { userId: USER }), () => desk.run());
    expect(answer).toBe(ANSWER);
    expect(desk.calls()).toEqual({ [MODELS.orchestrator]: 3, [MODELS.billing]: 2, [MODELS.shipping]: 1 });
    await otel.flush();
    ({ summary, detail } = await storedTrace(baton, SESSION, otel.emitted().length));
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual(otel.emitted().map((s) => s.spanContext().spanId).sort());
    ended = otel.emitted().map((s) => detail.spans.find((d) => d.spanId === s.spanContext().spanId) as Span);
  });

  it('finds the session, the user and the three agents, with no errors', () => {
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'research-openai-agents', rootName: 'Research desk', agents: NAMES, errors: 0 });
    expect(detail.spans.map((s) => `${s.sessionId} / ${s.userId}`)).toEqual(detail.spans.map(() => `${SESSION} / ${USER}`));
    expect(detail.spans.filter((s) => s.status.code === 'error' || s.status.code === 'control')).toEqual([]);
  });

  it('types every span as the SDK’s span data says', () => {
    expect(typeCounts(detail)).toEqual({
      // The SDK trace (the workflow) is an OpenInference AGENT span naming no agent; its task span a CHAIN.
      'Research desk: agent': 1,
      'Research desk: workflow': 1,
      // Each specialist's nested run opens a trace of its own in the SDK, sent as a CHAIN span under the tool call.
      'Agent workflow: workflow': 2,
      'Orchestrator: agent': 1,
      'Billing specialist: agent': 1,
      'Shipping specialist: agent': 1,
      'turn: workflow': 6,
      'generation: llm': 6,
      'ask_billing: tool': 1,
      'ask_shipping: tool': 1,
      'lookup_invoice: tool': 1,
    });
    expect(detail.spans.filter((s) => s.type === 'agent' && s.agent).map((s) => `${s.name}: ${s.agent}`).sort()).toEqual(NAMES.map((n) => `${n}: ${n}`));
  });

  it('runs each specialist inside the orchestrator’s tool call that asked it', () => {
    const byId = new Map(detail.spans.map((s) => [s.spanId, s]));
    const path = (spanId: string | undefined) => {
      const out: string[] = [];
      for (let s = spanId ? byId.get(spanId) : undefined; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) out.push(s.name);
      return out.join(' < ');
    };
    expect(path(runOf(detail, AGENTS.billing))).toBe(`${AGENTS.billing} < Agent workflow < ${TOOLS.billing} < turn < ${AGENTS.orchestrator} < Research desk < Research desk`);
    expect(path(runOf(detail, AGENTS.shipping))).toBe(`${AGENTS.shipping} < Agent workflow < ${TOOLS.shipping} < turn < ${AGENTS.orchestrator} < Research desk < Research desk`);
    expect(detail.spans.filter((s) => s.type === 'tool' && s.name.startsWith('ask_')).map((s) => `${s.name}: ${String(s.attributes['output.value'])}`)).toEqual([
      `${TOOLS.billing}: ${BILLING_ANSWER}`,
      `${TOOLS.shipping}: ${SHIPPING_ANSWER}`,
    ]);
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it', () => {
    expect(ended.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: AGENTS.orchestrator, model: MODELS.orchestrator, usage: USAGE.orchestratorBilling },
      { agent: AGENTS.billing, model: MODELS.billing, usage: USAGE.billingLookup },
      { agent: AGENTS.billing, model: MODELS.billing, usage: USAGE.billingAnswer },
      { agent: AGENTS.orchestrator, model: MODELS.orchestrator, usage: USAGE.orchestratorShipping },
      { agent: AGENTS.shipping, model: MODELS.shipping, usage: USAGE.shippingAnswer },
      { agent: AGENTS.orchestrator, model: MODELS.orchestrator, usage: USAGE.orchestratorAnswer },
    ]);
    // Tools in the order they ended: the billing specialist's lookup ends inside the orchestrator's `ask_billing`.
    expect(ended.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.name} (${s.tool})`)).toEqual([
      `${AGENTS.billing}: lookup_invoice (lookup_invoice)`,
      `${AGENTS.orchestrator}: ${TOOLS.billing} (${TOOLS.billing})`,
      `${AGENTS.orchestrator}: ${TOOLS.shipping} (${TOOLS.shipping})`,
    ]);
    // The nested runs' trace spans sit in the orchestrator's tool calls, so they are the orchestrator's steps; only the outer workflow spans are no agent's.
    expect(detail.spans.filter((s) => s.name === 'Agent workflow').map((s) => s.agent)).toEqual([AGENTS.orchestrator, AGENTS.orchestrator]);
    expect(detail.spans.filter((s) => !s.agent).map((s) => s.name)).toEqual(['Research desk', 'Research desk']);
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 2));
    });

    it('finds two delegations, from the orchestrator’s run to each specialist’s run, and no other handoff', () => {
      const orchestrator = runOf(detail, AGENTS.orchestrator);
      expect(stored.handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'delegation', status: 'complete', from: AGENTS.orchestrator, to: AGENTS.billing, fromSpanId: orchestrator, toSpanId: runOf(detail, AGENTS.billing) },
        { source: 'delegation', status: 'complete', from: AGENTS.orchestrator, to: AGENTS.shipping, fromSpanId: orchestrator, toSpanId: runOf(detail, AGENTS.shipping) },
      ]);
      expect(session.handoffs.map((h) => h.id).sort()).toEqual(stored.handoffs.map((h) => h.id).sort());
    });

    it('sums the session: one trace, three agents, no errors, tokens of the model calls only', () => {
      const calls = Object.values(USAGE);
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: NAMES, handoffs: 2, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });
});
