import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context } from '@opentelemetry/api';
import { setSession, setUser } from '@arizeai/openinference-core';
import { OpenAIAgentsInstrumentation } from '@arizeai/openinference-instrumentation-openai-agents';
import * as agents from '@openai/agents';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { AGENTS, ANSWER, MODELS, USAGE, supportDesk } from '@/tests/helpers/openai-agents';
import { analysedSession, registerExport, storedTrace, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * The OpenAI Agents SDK (JS), run for real: a triage agent hands the
 * conversation to a billing agent (an SDK handoff), which calls a function
 * tool. Instrumented with `@arizeai/openinference-instrumentation-openai-agents`
 * as its README says (`manuallyInstrument(agents)` with the tracer provider),
 * session and user from OpenInference's context, exported by the OTel SDK to a
 * real Baton. The handoff span carries its agents as JSON (`{"from_agent": …}`,
 * `{"to_agent": …}`, mime type application/json): Baton must find exactly the
 * one handoff the SDK made, between the two agents' runs.
 */

const SESSION = 'oa-session-1';
const USER = 'oa-user-1';

let baton: BatonProcess;
let otel: FrameworkExport;

beforeAll(async () => {
  baton = await startBaton();
  otel = registerExport(baton, 'support-openai-agents');
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

describe('OpenAI Agents SDK handoff, through OpenInference', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;

  beforeAll(async () => {
    const desk = supportDesk();
    const answer = await context.with(setUser(setSession(context.active(), { sessionId: SESSION }), { userId: USER }), () => desk.run());
    expect(answer).toBe(ANSWER);
    expect(desk.calls()).toEqual({ [MODELS.triage]: 1, [MODELS.billing]: 2 });
    await otel.flush();
    ({ summary, detail } = await storedTrace(baton, SESSION, otel.emitted().length));
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual(otel.emitted().map((s) => s.spanContext().spanId).sort());
  });

  it('finds the session, the user and the two agents, with no errors', () => {
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'support-openai-agents', rootName: 'Support desk', agents: [AGENTS.billing, AGENTS.triage], errors: 0 });
    expect(detail.spans.map((s) => `${s.sessionId} / ${s.userId}`)).toEqual(detail.spans.map(() => `${SESSION} / ${USER}`));
    expect(detail.spans.filter((s) => s.status.code === 'error' || s.status.code === 'control')).toEqual([]);
  });

  it('types every span as the SDK’s span data says', () => {
    expect(typeCounts(detail)).toEqual({
      // The SDK trace (the workflow) is an OpenInference AGENT span naming no agent; its task span a CHAIN.
      'Support desk: agent': 1,
      'Support desk: workflow': 1,
      'Triage agent: agent': 1,
      'Billing agent: agent': 1,
      'turn: workflow': 3,
      'generation: llm': 3,
      'handoff to Billing agent: tool': 1,
      'lookup_invoice: tool': 1,
    });
    expect(detail.spans.filter((s) => s.type === 'agent' && s.agent).map((s) => `${s.name}: ${s.agent}`).sort()).toEqual(['Billing agent: Billing agent', 'Triage agent: Triage agent']);
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it', () => {
    const ended = otel.emitted().map((s) => detail.spans.find((d) => d.spanId === s.spanContext().spanId)).filter((s): s is Span => s !== undefined);
    expect(ended.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: AGENTS.triage, model: MODELS.triage, usage: USAGE.triageHandoff },
      { agent: AGENTS.billing, model: MODELS.billing, usage: USAGE.billingLookup },
      { agent: AGENTS.billing, model: MODELS.billing, usage: USAGE.billingAnswer },
    ]);
    expect(ended.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.name} (${s.tool})`)).toEqual([
      'Triage agent: handoff to Billing agent (handoff_to_Billing agent)',
      'Billing agent: lookup_invoice (lookup_invoice)',
    ]);
    // Every span below an agent's run is that agent's; the workflow spans above them are no agent's.
    expect(detail.spans.filter((s) => !s.agent).map((s) => s.name).sort()).toEqual(['Support desk', 'Support desk']);
  });

  it('receives the handoff span as the instrumentation sends it: its agents as JSON', () => {
    const handoff = detail.spans.find((s) => s.name === 'handoff to Billing agent')!;
    expect(handoff.attributes).toMatchObject({
      'input.value': JSON.stringify({ from_agent: AGENTS.triage }),
      'input.mime_type': 'application/json',
      'output.value': JSON.stringify({ to_agent: AGENTS.billing }),
      'output.mime_type': 'application/json',
    });
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 1));
    });

    it('finds the one handoff the SDK made, from the triage agent’s run to the billing agent’s, and no other', () => {
      expect(stored.handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'framework', status: 'complete', from: AGENTS.triage, to: AGENTS.billing, fromSpanId: runOf(detail, AGENTS.triage), toSpanId: runOf(detail, AGENTS.billing) },
      ]);
      expect(session.handoffs.map((h) => h.id)).toEqual(stored.handoffs.map((h) => h.id));
    });

    it('sums the session: one trace, two agents, no errors, tokens of the model calls only', () => {
      const calls = Object.values(USAGE);
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: [AGENTS.billing, AGENTS.triage], handoffs: 1, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });
});
