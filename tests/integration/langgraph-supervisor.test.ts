import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context } from '@opentelemetry/api';
import { setUser } from '@arizeai/openinference-core';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { ANSWER, LOOKUP_FAILURE, MODELS, USAGE, supportDesk } from '@/tests/helpers/langgraph-agents';
import { analysedSession, registerExport, storedTrace, topLevel, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * LangGraph's prebuilt agents, run for real: two `createReactAgent` workers
 * under a `createSupervisor` supervisor on scripted chat models, instrumented
 * with `@arizeai/openinference-instrumentation-langchain` exactly as its
 * README says (manual instrumentation of `@langchain/core/callbacks/manager`),
 * exported by the OTel SDK to a real Baton. The user comes from OpenInference's
 * context (`setUser`), the session from LangGraph's `thread_id`. Baton must see
 * three agents, attribute every model and tool call to the one that made it,
 * find the two handoffs the supervisor made and no other, and not count
 * LangGraph's routing exception (`ParentCommand`) as an error.
 */

const SESSION = 'lg-thread-1';
const FAILING_SESSION = 'lg-thread-2';
const USER = 'lg-user-1';
const AGENTS = ['billing_expert', 'refunds_expert', 'supervisor'];

let baton: BatonProcess;
let otel: FrameworkExport;

beforeAll(async () => {
  baton = await startBaton();
  otel = registerExport(baton, 'support-langgraph');
  const lcInstrumentation = new LangChainInstrumentation();
  lcInstrumentation.manuallyInstrument(CallbackManagerModule);
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

/** Runs one request of the support desk in a thread, as the user; returns the spans it emitted. */
async function request(threadId: string, lookupFails = false): Promise<number> {
  const before = otel.emitted().length;
  const desk = supportDesk({ lookupFails });
  const answer = await context.with(setUser(context.active(), { userId: USER }), () => desk.run(threadId));
  expect(answer).toBe(ANSWER);
  expect(desk.calls()).toEqual({ supervisor: 3, billing: 2, refunds: 2 });
  await otel.flush();
  return otel.emitted().length - before;
}

const run = (detail: TraceDetail, agent: string, nth = 0) => detail.spans.filter((s) => s.type === 'agent' && s.agent === agent).sort(byStart)[nth]?.spanId;
const byStart = (a: Span, b: Span) => a.startTime.localeCompare(b.startTime);

describe('LangGraph supervisor with prebuilt ReAct agents, through OpenInference', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;

  beforeAll(async () => {
    const spans = await request(SESSION);
    ({ summary, detail } = await storedTrace(baton, SESSION, spans));
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual(otel.emitted().filter((s) => s.spanContext().traceId === summary.traceId).map((s) => s.spanContext().spanId).sort());
  });

  it('finds the session, the user and the three agents, and no agent for a prebuilt agent’s own nodes', () => {
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'support-langgraph', rootName: 'LangGraph', agents: AGENTS, errors: 0 });
    expect(detail.spans.map((s) => `${s.sessionId} / ${s.userId}`)).toEqual(detail.spans.map(() => `${SESSION} / ${USER}`));
    expect(new Set(detail.spans.map((s) => s.agent))).toEqual(new Set(['', ...AGENTS]));
  });

  it('makes one agent span per agent run: the node, not the subgraph’s own run inside it', () => {
    const runs = detail.spans.filter((s) => s.type === 'agent').sort(byStart);
    expect(runs.map((s) => `${s.name}: ${s.agent}`)).toEqual(['supervisor: supervisor', 'billing_expert: billing_expert', 'supervisor: supervisor', 'refunds_expert: refunds_expert', 'supervisor: supervisor']);
    // Every agent run is a node of the supervisor graph.
    const root = detail.spans.find((s) => !s.parentSpanId)!;
    expect(runs.every((s) => s.parentSpanId === root.spanId)).toBe(true);
  });

  it('types every span: the ReAct loop’s nodes, runnable sequences and the subgraph runs are workflow steps', () => {
    expect(typeCounts(detail)).toEqual({
      'LangGraph: workflow': 1,
      '__start__: workflow': 6,
      'supervisor: agent': 3,
      'supervisor: workflow': 3,
      'billing_expert: agent': 1,
      'billing_expert: workflow': 1,
      'refunds_expert: agent': 1,
      'refunds_expert: workflow': 1,
      'agent: workflow': 7,
      'RunnableSequence: workflow': 7,
      'prompt: workflow': 7,
      'RunnableLambda: workflow': 7,
      'ScriptedChatModel: llm': 7,
      'tools: workflow': 4,
      'transfer_to_billing_expert: tool': 1,
      'transfer_to_refunds_expert: tool': 1,
      'lookup_invoice: tool': 1,
      'issue_refund: tool': 1,
    });
  });

  it('attributes every span to the agent whose node it runs in', () => {
    const node = topLevel(detail);
    const misattributed = detail.spans.filter((s) => {
      const top = node.get(s.spanId);
      const expected = top && top.name !== '__start__' ? top.name : '';
      return s.agent !== expected;
    });
    expect(misattributed.map((s) => `${s.name} → ${s.agent}`)).toEqual([]);
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it', () => {
    const ended = otel.emitted().map((s) => detail.spans.find((d) => d.spanId === s.spanContext().spanId)).filter((s): s is Span => s !== undefined);
    expect(ended.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: 'supervisor', model: MODELS.supervisor, usage: USAGE.supervisorToBilling },
      { agent: 'billing_expert', model: MODELS.billing, usage: USAGE.billingLookup },
      { agent: 'billing_expert', model: MODELS.billing, usage: USAGE.billingAnswer },
      { agent: 'supervisor', model: MODELS.supervisor, usage: USAGE.supervisorToRefunds },
      { agent: 'refunds_expert', model: MODELS.refunds, usage: USAGE.refundsIssue },
      { agent: 'refunds_expert', model: MODELS.refunds, usage: USAGE.refundsAnswer },
      { agent: 'supervisor', model: MODELS.supervisor, usage: USAGE.supervisorAnswer },
    ]);
    expect(ended.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.tool}`)).toEqual([
      'supervisor: transfer_to_billing_expert',
      'billing_expert: lookup_invoice',
      'supervisor: transfer_to_refunds_expert',
      'refunds_expert: issue_refund',
    ]);
  });

  it('shows the handoff tools’ ParentCommand as control flow, not as errors', () => {
    const control = detail.spans.filter((s) => s.status.code === 'control');
    expect(control.map((s) => s.name).sort()).toEqual(['supervisor', 'supervisor', 'supervisor', 'supervisor', 'tools', 'tools']);
    expect(control.every((s) => s.status.message.includes('ParentCommand'))).toBe(true);
    expect(detail.spans.filter((s) => s.status.code === 'error')).toEqual([]);
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 2));
    });

    it('finds the two handoffs the supervisor made, from its runs to the workers’ runs, and no other', () => {
      const handoffs = [...stored.handoffs].sort((a, b) => a.time.localeCompare(b.time));
      expect(handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'framework', status: 'complete', from: 'supervisor', to: 'billing_expert', fromSpanId: run(detail, 'supervisor', 0), toSpanId: run(detail, 'billing_expert') },
        { source: 'framework', status: 'complete', from: 'supervisor', to: 'refunds_expert', fromSpanId: run(detail, 'supervisor', 1), toSpanId: run(detail, 'refunds_expert') },
      ]);
      expect(session.handoffs.map((h) => h.id).sort()).toEqual(handoffs.map((h) => h.id).sort());
    });

    it('sums the session: one trace, three agents, no errors, tokens of the model calls only', () => {
      const calls = Object.values(USAGE);
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: AGENTS, handoffs: 2, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });

  it('still counts a real error: a tool that fails, in another session', async () => {
    const spans = await request(FAILING_SESSION, true);
    const failing = await storedTrace(baton, FAILING_SESSION, spans);
    const errors = failing.detail.spans.filter((s) => s.status.code === 'error');
    expect(errors.map((s) => `${s.agent}: ${s.name}: ${s.status.message.split('\n')[0]}`)).toEqual([`billing_expert: lookup_invoice: ${LOOKUP_FAILURE}`]);
    expect(failing.detail.spans.filter((s) => s.status.code === 'control')).toHaveLength(6);
    expect(failing.summary.errors).toBe(1);
    const { session } = await analysedSession(baton, FAILING_SESSION, failing.summary.traceId, 2);
    expect(session.session).toMatchObject({ sessionId: FAILING_SESSION, errors: 1, handoffs: 2, agents: AGENTS });
  });
});
