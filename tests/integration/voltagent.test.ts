import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { VoltAgentObservability } from '@voltagent/core';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { analysedSession, storedTrace, typeCounts } from '@/tests/helpers/framework-export';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';
import type { Desk } from '@/tests/helpers/voltagent-agents';

/**
 * VoltAgent (`@voltagent/core`), run for real: a supervisor agent with a
 * researcher as its sub-agent (`subAgents`), delegating with VoltAgent's own
 * `delegate_task` tool; mock models (the AI SDK's `MockLanguageModelV3`).
 * Observability as VoltAgent's docs say: a `VoltAgentObservability` with the
 * app's span processor (a `BatchSpanProcessor` and the OTLP/protobuf exporter,
 * here to a real Baton), given to `new VoltAgent({ agents, observability })`;
 * user and conversation per call (`userId`, `conversationId`).
 *
 * Outside production VoltAgent refreshes a model registry over the network
 * when it is loaded; the test refuses every request that does not go to this
 * machine, before VoltAgent is imported.
 */

const SESSION = 'volt-conversation-1';
const USER = 'volt-user-1';

let baton: BatonProcess;
let observability: VoltAgentObservability;
// Loaded once fetch is guarded: VoltAgent starts its registry refresh when it is imported.
let volt: typeof import('@/tests/helpers/voltagent-agents');
let desk: Desk;
const emitted = new InMemorySpanExporter();
const realFetch = globalThis.fetch;
/** Requests the app tried to send off this machine (refused). */
const refused: string[] = [];

beforeAll(async () => {
  baton = await startBaton();
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return realFetch(input, init);
    refused.push(url.host);
    return Promise.reject(new Error(`no network in tests: ${url.host}`));
  };
  const core = await import('@voltagent/core');
  volt = await import('@/tests/helpers/voltagent-agents');
  observability = new core.VoltAgentObservability({
    serviceName: 'travel-voltagent',
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${baton.otlpUrl}/v1/traces` })), new SimpleSpanProcessor(emitted)],
  });
  desk = volt.travelDesk();
  new core.VoltAgent({ agents: { supervisor: desk.supervisor }, observability });
});
afterAll(async () => {
  await observability?.shutdown();
  trace.disable();
  context.disable();
  globalThis.fetch = realFetch;
  await baton?.stop();
  baton?.cleanup();
});

const runOf = (detail: TraceDetail, agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;

describe('VoltAgent sub-agents and delegate_task', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;
  let ended: Span[];

  beforeAll(async () => {
    const result = await desk.supervisor.generateText('How do I get from Paris to Vienna overnight?', { userId: USER, conversationId: SESSION });
    expect(result.text).toBe(volt.ANSWER);
    expect(desk.calls()).toEqual({ [volt.MODELS.supervisor]: 2, [volt.MODELS.researcher]: 1 });
    await observability.forceFlush();
    const spans = emitted.getFinishedSpans();
    ({ summary, detail } = await storedTrace(baton, SESSION, spans.length));
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
    ended = spans.map((s) => detail.spans.find((d) => d.spanId === s.spanContext().spanId) as Span);
  });

  it('finds the conversation as the session, the user and the two agents, with no errors, and sent nothing off this machine but to Baton', () => {
    const { supervisor, researcher } = volt.AGENTS;
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'travel-voltagent', rootName: supervisor, agents: [researcher, supervisor], errors: 0 });
    expect(new Set(detail.spans.map((s) => `${s.sessionId} / ${s.userId}`))).toEqual(new Set([`${SESSION} / ${USER}`]));
    expect(detail.spans.filter((s) => s.status.code === 'error' || s.status.code === 'control')).toEqual([]);
    // Only VoltAgent's model registry refresh (models.dev) was refused; the agents sent nothing elsewhere.
    expect(refused.filter((host) => host !== 'models.dev')).toEqual([]);
  });

  it('types every span from VoltAgent’s entity and span types', () => {
    expect(typeCounts(detail)).toEqual({
      'Supervisor: agent': 1,
      'subagent:Researcher: agent': 1,
      // One span for the supervisor's generateText call, around both of its model steps.
      'llm:generateText: llm': 1,
      'llm:streamText: llm': 1,
      'tool.execution:delegate_task: tool': 1,
      'memory.read: memory': 2,
      'memory.write: memory': 5,
      'memory.steps.write: memory': 3,
    });
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it', () => {
    const { AGENTS, MODELS, USAGE } = volt;
    // VoltAgent records the AI SDK's `response.usage` on its llm span: the last step's, not the call's total.
    expect(ended.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: AGENTS.researcher, model: MODELS.researcher, usage: USAGE.researcher },
      { agent: AGENTS.supervisor, model: MODELS.supervisor, usage: USAGE.supervisorAnswer },
    ]);
    // The supervisor's own total is on its run (VoltAgent's `usage.*`), kept with the span and not added to the sums.
    const run = detail.spans.find((s) => s.spanId === runOf(detail, AGENTS.supervisor))!;
    expect(run.attributes).toMatchObject({ 'usage.prompt_tokens': USAGE.supervisorDelegate.input + USAGE.supervisorAnswer.input, 'usage.completion_tokens': USAGE.supervisorDelegate.output + USAGE.supervisorAnswer.output });
    expect(ended.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.tool}`)).toEqual(['Supervisor: delegate_task']);
    // The sub-agent's own steps carry the supervisor as `entity.name`: they are still the researcher's.
    const researcherRun = runOf(detail, AGENTS.researcher);
    expect(new Set(detail.spans.filter((s) => s.parentSpanId === researcherRun).map((s) => s.agent))).toEqual(new Set([AGENTS.researcher]));
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 1));
    });

    it('finds the one delegation, from the supervisor’s run to the researcher’s, and no other', () => {
      const { supervisor, researcher } = volt.AGENTS;
      expect(stored.handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'delegation', status: 'complete', from: supervisor, to: researcher, fromSpanId: runOf(detail, supervisor), toSpanId: runOf(detail, researcher) },
      ]);
      expect(session.handoffs.map((h) => h.id)).toEqual(stored.handoffs.map((h) => h.id));
    });

    it('sums the session: one trace, two agents, no errors, tokens of the model-call spans only', () => {
      const calls = [volt.USAGE.researcher, volt.USAGE.supervisorAnswer];
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: [volt.AGENTS.researcher, volt.AGENTS.supervisor], handoffs: 1, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });
});
