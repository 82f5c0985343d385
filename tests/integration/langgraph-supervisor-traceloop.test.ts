import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { LangChainInstrumentation } from '@traceloop/instrumentation-langchain';
import type { Span, TraceDetail, TraceList } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { ANSWER, MODELS, USAGE, supportDesk } from '@/tests/helpers/langgraph-agents';
import { registerExport, storedTrace, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { eventually } from '@/tests/helpers/eventually';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * The LangGraph supervisor of langgraph-supervisor.test.ts (two
 * `createReactAgent` workers under `createSupervisor`, scripted models), run
 * for real through Traceloop's `@traceloop/instrumentation-langchain` set up as
 * its README says (a registered NodeTracerProvider and
 * `registerInstrumentations`), exported by the OTel SDK to a real Baton.
 *
 * What this instrumentation (0.27) emits names no agent: every span is
 * started without a parent (`tracer.startSpan` with no context, and never made
 * active), chains are named after their class (`workflow CompiledStateGraph`,
 * `workflow RunnableSequence`: with `@langchain/core` 1.x the handler reads
 * the run name from the wrong argument), tools after theirs (`execute_tool
 * DynamicStructuredTool`), and the run metadata (LangGraph node, thread) is
 * not recorded. Baton can only show what is there: every model call with its
 * model and tokens, every tool call, LangGraph's routing exception as control
 * flow, and no agent and no handoff it would have to invent.
 * docs/semantic-mapping.md ("LangGraph through Traceloop (JS)") has the source.
 */

const SESSION = 'tl-thread-1';
const USER = 'tl-user-1';
const RUN_SPANS = 60;

let baton: BatonProcess;
let otel: FrameworkExport;

beforeAll(async () => {
  baton = await startBaton();
  otel = registerExport(baton, 'support-traceloop');
  registerInstrumentations({ instrumentations: [new LangChainInstrumentation()] });
  // The instrumentation patches LangChain's ESM callback manager from a dynamic import in its constructor.
  await import('@langchain/core/callbacks/manager');
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

/** Runs one request of the support desk; returns the spans it emitted. */
async function request(threadId: string, run: (go: () => Promise<string>) => Promise<string> = (go) => go()): Promise<ReadableSpan[]> {
  const before = otel.emitted().length;
  const desk = supportDesk();
  expect(await run(() => desk.run(threadId))).toBe(ANSWER);
  expect(desk.calls()).toEqual({ supervisor: 3, billing: 2, refunds: 2 });
  await otel.flush();
  return otel.emitted().slice(before);
}

const counted = (names: string[]) => names.reduce<Record<string, number>>((c, n) => ({ ...c, [n]: (c[n] ?? 0) + 1 }), {});

/** Model calls in the order they ended: model and usage. */
const modelCalls = (ended: ReadableSpan[], stored: ReadonlyMap<string, Span>) =>
  ended.map((s) => stored.get(s.spanContext().spanId)).filter((s): s is Span => s?.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }));

const EXPECTED_CALLS = [
  { agent: '', model: MODELS.supervisor, usage: USAGE.supervisorToBilling },
  { agent: '', model: MODELS.billing, usage: USAGE.billingLookup },
  { agent: '', model: MODELS.billing, usage: USAGE.billingAnswer },
  { agent: '', model: MODELS.supervisor, usage: USAGE.supervisorToRefunds },
  { agent: '', model: MODELS.refunds, usage: USAGE.refundsIssue },
  { agent: '', model: MODELS.refunds, usage: USAGE.refundsAnswer },
  { agent: '', model: MODELS.supervisor, usage: USAGE.supervisorAnswer },
];

const SHAPE = {
  'workflow CompiledStateGraph: workflow': 6,
  'workflow RunnableSequence: workflow': 29,
  'workflow RunnableLambda: workflow': 14,
  [`chat ${MODELS.supervisor}: llm`]: 3,
  [`chat ${MODELS.billing}: llm`]: 2,
  [`chat ${MODELS.refunds}: llm`]: 2,
  'execute_tool DynamicStructuredTool: tool': 4,
};

describe('LangGraph supervisor through Traceloop’s LangChain instrumentation, set up as its README says', () => {
  let ended: ReadableSpan[];
  let stored: Map<string, Span>;

  beforeAll(async () => {
    ended = await request('tl-thread-0');
    expect(ended).toHaveLength(RUN_SPANS);
    const ids = new Set(ended.map((s) => s.spanContext().traceId));
    const { value } = await eventually('every span stored', 15_000, async () => {
      const details = await Promise.all([...ids].map((id) => baton.api<TraceDetail>(`/api/v1/traces/${id}`)));
      return details.every((d) => d.status === 200 && d.body.spans.length === 1) ? details.map((d) => d.body) : undefined;
    });
    stored = new Map(value.map((d) => [d.spans[0]!.spanId, d.spans[0]!]));
  });

  it('emits every span as a trace of its own, with no parent: there is no tree to read agents from', () => {
    expect(ended.every((s) => s.parentSpanContext === undefined)).toBe(true);
    expect(new Set(ended.map((s) => s.spanContext().traceId)).size).toBe(RUN_SPANS);
    expect(stored.size).toBe(RUN_SPANS);
  });

  it('types every span as the instrumentation named it, and makes no agent, session or user of any', () => {
    const details = { spans: [...stored.values()] } as TraceDetail;
    expect(typeCounts(details)).toEqual(SHAPE);
    expect(new Set(details.spans.map((s) => `${s.agent}|${s.sessionId}|${s.userId}`))).toEqual(new Set(['||']));
  });

  it('finds every model call with its model and tokens, and every tool call', () => {
    expect(modelCalls(ended, stored)).toEqual(EXPECTED_CALLS);
    expect([...stored.values()].filter((s) => s.type === 'tool').map((s) => s.tool)).toEqual(Array(4).fill('DynamicStructuredTool'));
  });

  it('shows the handoff tools’ ParentCommand as control flow, not as errors', async () => {
    const control = [...stored.values()].filter((s) => s.status.code === 'control');
    expect(counted(control.map((s) => s.name))).toEqual({ 'workflow CompiledStateGraph': 2, 'workflow RunnableSequence': 4 });
    expect([...stored.values()].filter((s) => s.status.code === 'error')).toEqual([]);
    const list = await baton.api<TraceList>('/api/v1/traces?limit=200');
    expect(list.body.traces).toHaveLength(RUN_SPANS);
    expect(list.body.traces?.filter((t) => t.errors > 0 || t.agents.length > 0)).toEqual([]);
  });
});

describe('the same, inside a request span of the app that names the session and user', () => {
  let detail: TraceDetail;
  let ended: ReadableSpan[];

  beforeAll(async () => {
    const tracer = trace.getTracer('support-app');
    const attributes = { 'session.id': SESSION, 'user.id': USER };
    ended = await request(SESSION, (go) => tracer.startActiveSpan('support request', { attributes }, (span) => go().finally(() => span.end())));
    expect(ended).toHaveLength(RUN_SPANS + 1);
    ({ detail } = await storedTrace(baton, SESSION, RUN_SPANS + 1));
  });

  it('puts every LangChain span directly under the request span, with its session and user, and still no agent', () => {
    const root = detail.spans.find((s) => !s.parentSpanId)!;
    expect(root.name).toBe('support request');
    expect(detail.spans.filter((s) => s !== root).every((s) => s.parentSpanId === root.spanId)).toBe(true);
    expect(typeCounts(detail)).toEqual({ 'support request: other': 1, ...SHAPE });
    expect(new Set(detail.spans.map((s) => `${s.agent}|${s.sessionId}|${s.userId}`))).toEqual(new Set([`|${SESSION}|${USER}`]));
  });

  it('finds the model calls with their models and tokens, no error, and no handoff', async () => {
    const stored = new Map(detail.spans.map((s) => [s.spanId, s]));
    expect(modelCalls(ended, stored)).toEqual(EXPECTED_CALLS);
    expect(detail.spans.filter((s) => s.status.code === 'error')).toEqual([]);
    const { value: session } = await eventually('session analysed', 15_000, async () => {
      const res = await baton.api<SessionDetail>(`/api/v1/sessions/${SESSION}`);
      return res.status === 200 && !res.body.analysisPending ? res.body : undefined;
    });
    const calls = Object.values(USAGE);
    expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: [], handoffs: 0, errors: 0 });
    expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    expect(session.handoffs).toEqual([]);
  });
});
