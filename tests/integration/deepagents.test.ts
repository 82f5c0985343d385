import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context } from '@opentelemetry/api';
import { setUser } from '@arizeai/openinference-core';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { AGENTS, ANSWER, MODELS, TOOLS, USAGE, tripPlanner } from '@/tests/helpers/deep-agents';
import { analysedSession, registerExport, storedTrace, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * LangChain's Deep Agents (`deepagents` 1.14), run for real: a named main
 * agent (`createDeepAgent({ name })`) that hands a task to its custom
 * sub-agent through Deep Agents' `task` tool; the sub-agent calls a tool of
 * its own. Scripted chat models, no network. Instrumented with
 * `@arizeai/openinference-instrumentation-langchain` as its README says
 * (manual instrumentation of `@langchain/core/callbacks/manager`), exported by
 * the OTel SDK to a real Baton; the session from LangGraph's `thread_id`, the
 * user from OpenInference's context (`setUser`).
 */

const SESSION = 'deep-thread-1';
const USER = 'deep-user-1';

let baton: BatonProcess;
let otel: FrameworkExport;

beforeAll(async () => {
  baton = await startBaton();
  otel = registerExport(baton, 'travel-deepagents');
  new LangChainInstrumentation().manuallyInstrument(CallbackManagerModule);
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const runOf = (detail: TraceDetail, agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;
const byStart = (a: Span, b: Span) => a.startTime.localeCompare(b.startTime);

describe('a Deep Agent with a sub-agent, through OpenInference', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;

  beforeAll(async () => {
    const planner = tripPlanner();
    const answer = await context.with(setUser(context.active(), { userId: USER }), () => planner.run(SESSION));
    expect(answer).toBe(ANSWER);
    expect(planner.calls()).toEqual({ planner: 2, researcher: 2 });
    await otel.flush();
    const spans = otel.emitted();
    ({ summary, detail } = await storedTrace(baton, SESSION, spans.length));
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
  });

  it('finds the thread as the session, the user and the two agents, with no errors', () => {
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'travel-deepagents', rootName: AGENTS.planner, agents: [AGENTS.planner, AGENTS.researcher], errors: 0 });
    expect(new Set(detail.spans.map((s) => `${s.sessionId} / ${s.userId}`))).toEqual(new Set([`${SESSION} / ${USER}`]));
    expect(detail.spans.filter((s) => s.status.code === 'error' || s.status.code === 'control')).toEqual([]);
  });

  it('types every span: two agent runs, and createAgent’s own nodes as their steps, never agents', () => {
    expect(typeCounts(detail)).toEqual({
      [`${AGENTS.planner}: agent`]: 1,
      [`${AGENTS.researcher}: agent`]: 1,
      // Each agent's graph: its entry, its middleware hooks, its model node (a RunnableLambda inside) and its tools node.
      '__start__: workflow': 2,
      'FilesystemMiddleware.before_agent: workflow': 2,
      'patchToolCallsMiddleware.before_agent: workflow': 2,
      'model_request: workflow': 4,
      'RunnableLambda: workflow': 4,
      'tools: workflow': 2,
      'ScriptedChatModel: llm': 4,
      [`${TOOLS.task}: tool`]: 1,
      [`${TOOLS.search}: tool`]: 1,
    });
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it', () => {
    const ordered = [...detail.spans].sort(byStart);
    expect(ordered.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: AGENTS.planner, model: MODELS.planner, usage: USAGE.plannerDelegate },
      { agent: AGENTS.researcher, model: MODELS.researcher, usage: USAGE.researcherSearch },
      { agent: AGENTS.researcher, model: MODELS.researcher, usage: USAGE.researcherAnswer },
      { agent: AGENTS.planner, model: MODELS.planner, usage: USAGE.plannerAnswer },
    ]);
    expect(ordered.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.tool}`)).toEqual([`${AGENTS.planner}: ${TOOLS.task}`, `${AGENTS.researcher}: ${TOOLS.search}`]);
    // The researcher's run sits inside the planner's `task` tool call.
    const researcher = detail.spans.find((s) => s.spanId === runOf(detail, AGENTS.researcher));
    expect(detail.spans.find((s) => s.spanId === researcher?.parentSpanId)).toMatchObject({ type: 'tool', tool: TOOLS.task, agent: AGENTS.planner });
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 1));
    });

    it('finds the one delegation, from the planner’s run to the researcher’s, and no other', () => {
      expect(stored.handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'delegation', status: 'complete', from: AGENTS.planner, to: AGENTS.researcher, fromSpanId: runOf(detail, AGENTS.planner), toSpanId: runOf(detail, AGENTS.researcher) },
      ]);
      expect(session.handoffs.map((h) => h.id)).toEqual(stored.handoffs.map((h) => h.id));
    });

    it('sums the session: one trace, two agents, no errors, tokens of the model calls only', () => {
      const calls = Object.values(USAGE);
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: [AGENTS.planner, AGENTS.researcher], handoffs: 1, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });
});
