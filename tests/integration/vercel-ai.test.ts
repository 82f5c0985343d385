import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Span, TraceDetail, TraceList, TraceSummary } from '@/lib/schemas/api';
import type { Handoff } from '@/lib/schemas/handoffs';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { ANSWER, MODELS, USAGE, runCoordinator } from '@/tests/helpers/vercel-agents';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * A live Vercel AI SDK app (mock models) exporting its own telemetry with the
 * real OTel SDK and OTLP/protobuf exporter: Baton must recover agents,
 * sessions, models, tokens and the delegation between the agents from the
 * SDK's attributes alone.
 */

const SESSION = 'vercel-session-1';
const USER = 'vercel-user-1';
const DEADLINE_MS = 10_000;

let baton: BatonProcess;
let provider: BasicTracerProvider;
const contextManager = new AsyncLocalStorageContextManager();
/** What the SDK emitted, to compare with what Baton stored. */
const emitted = new InMemorySpanExporter();
const exportFailures: Error[] = [];

beforeAll(async () => {
  baton = await startBaton();
  // The AI SDK starts nested spans in the active context: parents need a context manager.
  context.setGlobalContextManager(contextManager.enable());
  const otlp = new OTLPTraceExporter({ url: `${baton.otlpUrl}/v1/traces` });
  const checked: SpanExporter = {
    export: (spans, done) =>
      otlp.export(spans, (result) => {
        if (result.error) exportFailures.push(result.error);
        done(result);
      }),
    shutdown: () => otlp.shutdown(),
    forceFlush: () => otlp.forceFlush(),
  };
  provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': 'travel-agents' })),
    spanProcessors: [new BatchSpanProcessor(checked), new SimpleSpanProcessor(emitted)],
  });
});
afterAll(async () => {
  await provider?.shutdown();
  context.disable();
  await baton?.stop();
  baton?.cleanup();
});

/** Polls until `check` returns a value, for at most DEADLINE_MS. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > DEADLINE_MS) throw new Error(`${what}: not within ${DEADLINE_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The fields Baton derives for a span; its parent shown as `name agent`. */
function derived(span: Span, byId: Map<string, Span>) {
  const parent = byId.get(span.parentSpanId);
  return {
    name: span.name,
    parent: parent ? `${parent.name} ${parent.agent}` : null,
    type: span.type,
    agent: span.agent,
    ...(span.type === 'llm' ? { model: span.model, usage: span.usage } : {}),
    ...(span.type === 'tool' ? { tool: span.tool } : {}),
  };
}

describe('Vercel AI SDK agents, no Baton attributes', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;

  beforeAll(async () => {
    const text = await runCoordinator(provider.getTracer('travel-app'), { sessionId: SESSION, userId: USER });
    expect(text).toBe(ANSWER);
    await provider.forceFlush();
    expect(exportFailures).toEqual([]);
    expect(emitted.getFinishedSpans()).toHaveLength(6);
    summary = await eventually('trace listed', async () => {
      const list = await baton.api<TraceList>(`/api/v1/traces?q=${SESSION}`);
      return list.body.traces?.find((t) => t.spans === 6);
    });
    detail = await eventually('trace with its spans', async () => {
      const res = await baton.api<TraceDetail>(`/api/v1/traces/${summary.traceId}`);
      return res.status === 200 && res.body.spans.length === 6 ? res.body : undefined;
    });
  });

  it('stores the trace the SDK emitted, in the session and for the user named in the telemetry metadata', () => {
    const sdkSpans = emitted.getFinishedSpans();
    expect(new Set(sdkSpans.map((s) => s.spanContext().traceId))).toEqual(new Set([summary.traceId]));
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual(sdkSpans.map((s) => s.spanContext().spanId).sort());
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'travel-agents', rootName: 'ai.generateText', agents: ['coordinator', 'researcher'], errors: 0 });
    expect(detail.sessionId).toBe(SESSION);
    expect(detail.spans.map((s) => `${s.name}: ${s.sessionId} / ${s.userId}`)).toEqual(detail.spans.map((s) => `${s.name}: ${SESSION} / ${USER}`));
  });

  it('types every span, attributes it to its agent, and keeps models, tokens and the tool name', () => {
    const byId = new Map(detail.spans.map((s) => [s.spanId, s]));
    // In the order the SDK ended them (start times are only millisecond-precise, so they can tie).
    const inEndOrder = emitted.getFinishedSpans().map((s) => byId.get(s.spanContext().spanId)!);
    expect(inEndOrder.map((s) => derived(s, byId))).toEqual([
      { name: 'ai.generateText.doGenerate', parent: 'ai.generateText coordinator', type: 'llm', agent: 'coordinator', model: MODELS.coordinator, usage: USAGE.coordinatorToolCall },
      { name: 'ai.generateText.doGenerate', parent: 'ai.generateText researcher', type: 'llm', agent: 'researcher', model: MODELS.researcher, usage: USAGE.researcher },
      { name: 'ai.generateText', parent: 'ai.toolCall coordinator', type: 'agent', agent: 'researcher' },
      { name: 'ai.toolCall', parent: 'ai.generateText coordinator', type: 'tool', agent: 'coordinator', tool: 'research' },
      { name: 'ai.generateText.doGenerate', parent: 'ai.generateText coordinator', type: 'llm', agent: 'coordinator', model: MODELS.coordinator, usage: USAGE.coordinatorAnswer },
      { name: 'ai.generateText', parent: null, type: 'agent', agent: 'coordinator' },
    ]);
  });

  describe('the delegation from coordinator to researcher', () => {
    let delegation: Handoff;

    beforeAll(async () => {
      delegation = await eventually('delegation in the trace', async () => {
        const res = await baton.api<TraceDetail>(`/api/v1/traces/${summary.traceId}`);
        return res.body.handoffs?.find((h) => h.source === 'delegation');
      });
    });

    it('runs from the coordinator’s run to the researcher’s', () => {
      const run = (agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;
      expect(delegation).toMatchObject({
        source: 'delegation',
        status: 'complete',
        sessionId: SESSION,
        traceId: summary.traceId,
        fromAgent: 'coordinator',
        toAgent: 'researcher',
        fromSpanId: run('coordinator'),
        toSpanId: run('researcher'),
      });
    });

    it('is the trace’s only handoff, and the session’s', async () => {
      const trace = await baton.api<TraceDetail>(`/api/v1/traces/${summary.traceId}`);
      expect(trace.body.handoffs.map((h) => h.id)).toEqual([delegation.id]);
      const session = await eventually('session with its handoff', async () => {
        const res = await baton.api<SessionDetail>(`/api/v1/sessions/${SESSION}`);
        return res.status === 200 && !res.body.analysisPending && res.body.handoffs.length > 0 ? res.body : undefined;
      });
      expect(session.handoffs).toMatchObject([{ id: delegation.id, source: 'delegation', fromAgent: 'coordinator', toAgent: 'researcher' }]);
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: ['coordinator', 'researcher'], handoffs: 1 });
      // Usage counted on model calls only: the runs' aggregated ai.usage.* is not added again.
      const calls = [USAGE.coordinatorToolCall, USAGE.coordinatorAnswer, USAGE.researcher];
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });

    it('compares what each agent was given, read from the SDK’s prompt attributes', () => {
      // The coordinator's system prompt names customer C-1042 and a rule; the researcher's brief has neither.
      expect(delegation.drift).toMatchObject({
        method: 'text',
        dropped: ['C-1042'],
        constraintsDropped: ['Never book trains over 150 EUR.'],
        severity: 'critical',
      });
      expect(delegation.drift.textSimilarity).toEqual(expect.any(Number));
    });
  });
});
