import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { LangChainInstrumentation } from '@traceloop/instrumentation-langchain';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { AGENTS, MODELS, TURNS, USAGE, travelDesk } from '@/tests/helpers/langgraph-swarm';
import { registerExport, storedTrace, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { eventually } from '@/tests/helpers/eventually';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * The LangGraph swarm of langgraph-swarm.test.ts (two `createReactAgent`
 * agents under `createSwarm`, handing over with `createHandoffTool`, two turns
 * of one thread, scripted models), run for real through Traceloop's
 * `@traceloop/instrumentation-langchain` set up as its README says (a
 * registered NodeTracerProvider and `registerInstrumentations`), each turn
 * inside a request span of the app that names the session and user, exported
 * by the OTel SDK to a real Baton.
 *
 * This instrumentation (0.27) records no agent: every LangChain span is a
 * direct child of the app's span (none is made active), chains are named
 * after their class, tools after theirs (`execute_tool DynamicStructuredTool`,
 * so `transfer_to_hotels` cannot be told from `book_flight`), and the run
 * metadata (`langgraph_node`, `__handoff_destination`) is not recorded. The
 * swarm's handoffs survive only as text: the handoff tool's serialized output
 * (`traceloop.entity.output`), a LangGraph `Command` whose `goto` names the
 * next agent, with no agent span to hand from or to. Baton shows what is there
 * (sessions, users, every model call with its model and tokens, every tool
 * call, LangGraph's routing exception as control flow) and invents no agent
 * and no handoff. docs/semantic-mapping.md ("LangGraph through Traceloop
 * (JS)") has the source.
 */

const SESSION = 'tl-swarm-thread-1';
const USER = 'tl-swarm-user-1';

let baton: BatonProcess;
let otel: FrameworkExport;

beforeAll(async () => {
  baton = await startBaton();
  otel = registerExport(baton, 'travel-swarm-traceloop');
  registerInstrumentations({ instrumentations: [new LangChainInstrumentation()] });
  // The instrumentation patches LangChain's ESM callback manager from a dynamic import in its constructor.
  await import('@langchain/core/callbacks/manager');
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const counted = (names: string[]) => names.reduce<Record<string, number>>((c, n) => ({ ...c, [n]: (c[n] ?? 0) + 1 }), {});

describe('LangGraph swarm through Traceloop’s LangChain instrumentation, set up as its README says', () => {
  const turns: { summary: TraceSummary; detail: TraceDetail; ended: ReadableSpan[] }[] = [];
  let ended: Span[];

  beforeAll(async () => {
    const desk = travelDesk();
    const tracer = trace.getTracer('travel-app');
    const attributes = { 'session.id': SESSION, 'user.id': USER };
    for (const { question, answer } of TURNS) {
      const before = otel.emitted().length;
      const turn = () => desk.turn(SESSION, question);
      expect(await tracer.startActiveSpan('travel request', { attributes }, (span) => turn().finally(() => span.end()))).toBe(answer);
      await otel.flush();
      const emitted = otel.emitted().slice(before);
      turns.push({ ...(await storedTrace(baton, SESSION, emitted.length)), ended: emitted });
    }
    expect(desk.calls()).toEqual({ flights: 4, hotels: 3 });
    const stored = new Map(turns.flatMap((t) => t.detail.spans.map((s) => [s.spanId, s] as const)));
    expect([...stored.keys()].sort()).toEqual(otel.emitted().map((s) => s.spanContext().spanId).sort());
    ended = otel.emitted().map((s) => stored.get(s.spanContext().spanId) as Span);
  });

  it('finds one trace per turn in the app’s session, with its user, every LangChain span directly under the request span, and no agent', () => {
    expect(turns.map((t) => t.summary)).toMatchObject([
      { sessionId: SESSION, service: 'travel-swarm-traceloop', rootName: 'travel request', agents: [], errors: 0 },
      { sessionId: SESSION, service: 'travel-swarm-traceloop', rootName: 'travel request', agents: [], errors: 0 },
    ]);
    for (const { detail } of turns) {
      const root = detail.spans.find((s) => !s.parentSpanId)!;
      expect(detail.spans.filter((s) => s !== root).every((s) => s.parentSpanId === root.spanId)).toBe(true);
    }
    const spans = turns.flatMap((t) => t.detail.spans);
    expect(new Set(spans.map((s) => `${s.agent}|${s.sessionId}|${s.userId}`))).toEqual(new Set([`|${SESSION}|${USER}`]));
  });

  it('types every span as the instrumentation named it: chains after their class, tools after theirs', () => {
    const run = { 'travel request: other': 1, 'workflow CompiledStateGraph: workflow': 3 };
    expect(turns.map((t) => typeCounts(t.detail))).toEqual([
      {
        ...run,
        'workflow RunnableSequence: workflow': 16,
        'workflow RunnableLambda: workflow': 9,
        [`chat ${MODELS.flights}: llm`]: 2,
        [`chat ${MODELS.hotels}: llm`]: 2,
        'execute_tool DynamicStructuredTool: tool': 3,
      },
      {
        ...run,
        'workflow RunnableSequence: workflow': 13,
        'workflow RunnableLambda: workflow': 7,
        [`chat ${MODELS.hotels}: llm`]: 1,
        [`chat ${MODELS.flights}: llm`]: 2,
        'execute_tool DynamicStructuredTool: tool': 2,
      },
    ]);
  });

  it('finds every model call with its model and tokens, and every tool call, none of them any agent’s', () => {
    const { flights, hotels } = MODELS;
    expect(ended.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: '', model: flights, usage: USAGE.flightsBook },
      { agent: '', model: flights, usage: USAGE.flightsToHotels },
      { agent: '', model: hotels, usage: USAGE.hotelsBook },
      { agent: '', model: hotels, usage: USAGE.hotelsAnswer },
      { agent: '', model: hotels, usage: USAGE.hotelsToFlights },
      { agent: '', model: flights, usage: USAGE.flightsChange },
      { agent: '', model: flights, usage: USAGE.flightsAnswer },
    ]);
    expect(ended.filter((s) => s.type === 'tool').map((s) => `${s.agent}|${s.tool}`)).toEqual(Array(5).fill('|DynamicStructuredTool'));
  });

  it('keeps the handoff tools’ Command, naming the next agent, only as the tool’s output text', () => {
    const gotos = ended.filter((s) => s.type === 'tool').map((s) => (JSON.parse(String(s.attributes['traceloop.entity.output'])) as { goto?: string[] }).goto);
    expect(gotos).toEqual([undefined, [AGENTS.hotels], undefined, [AGENTS.flights], undefined]);
  });

  it('shows the handoff tools’ ParentCommand as control flow, not as errors', () => {
    const control = turns.map((t) => counted(t.detail.spans.filter((s) => s.status.code === 'control').map((s) => s.name)));
    expect(control).toEqual([
      { 'workflow CompiledStateGraph': 1, 'workflow RunnableSequence': 2 },
      { 'workflow CompiledStateGraph': 1, 'workflow RunnableSequence': 2 },
    ]);
    expect(turns.flatMap((t) => t.detail.spans.filter((s) => s.status.code === 'error'))).toEqual([]);
  });

  it('sums the session: two traces, no agent, no handoff, no errors, tokens of the model calls only', async () => {
    const { value: session } = await eventually('session analysed', 15_000, async () => {
      const res = await baton.api<SessionDetail>(`/api/v1/sessions/${SESSION}`);
      return res.status === 200 && !res.body.analysisPending && res.body.session.traces === 2 ? res.body : undefined;
    });
    const calls = Object.values(USAGE);
    expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 2, agents: [], handoffs: 0, errors: 0 });
    expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    expect(session.handoffs).toEqual([]);
    for (const { summary } of turns) expect((await baton.api<TraceDetail>(`/api/v1/traces/${summary.traceId}`)).body.handoffs).toEqual([]);
  });
});
