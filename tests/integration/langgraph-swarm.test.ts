import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context } from '@opentelemetry/api';
import { setUser } from '@arizeai/openinference-core';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { AGENTS, MODELS, TURNS, USAGE, travelDesk } from '@/tests/helpers/langgraph-swarm';
import { analysedSession, registerExport, storedTrace, topLevel, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * A LangGraph swarm, run for real: two `createReactAgent` agents under
 * `@langchain/langgraph-swarm`'s `createSwarm`, handing the conversation to
 * each other with `createHandoffTool`, over two turns of one thread (the swarm
 * remembers the active agent through its checkpointer). Instrumented with
 * `@arizeai/openinference-instrumentation-langchain` as its README says,
 * exported by the OTel SDK to a real Baton. The handoff tools are named after
 * the agents lower-cased (`transfer_to_hotels` hands to `Hotels`): Baton must
 * find exactly the two handoffs the swarm made, between the right agent runs,
 * and no agent but the two.
 */

const SESSION = 'swarm-thread-1';
const USER = 'swarm-user-1';
const NAMES = [AGENTS.flights, AGENTS.hotels];

let baton: BatonProcess;
let otel: FrameworkExport;

beforeAll(async () => {
  baton = await startBaton();
  otel = registerExport(baton, 'travel-swarm');
  new LangChainInstrumentation().manuallyInstrument(CallbackManagerModule);
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const byStart = (a: Span, b: Span) => a.startTime.localeCompare(b.startTime);
const runOf = (detail: TraceDetail, agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;

describe('LangGraph swarm with prebuilt ReAct agents, through OpenInference', () => {
  const turns: { summary: TraceSummary; detail: TraceDetail }[] = [];
  let ended: Span[];

  beforeAll(async () => {
    const desk = travelDesk();
    for (const { question, answer } of TURNS) {
      const before = otel.emitted().length;
      expect(await context.with(setUser(context.active(), { userId: USER }), () => desk.turn(SESSION, question))).toBe(answer);
      await otel.flush();
      turns.push(await storedTrace(baton, SESSION, otel.emitted().length - before));
    }
    expect(desk.calls()).toEqual({ flights: 4, hotels: 3 });
    const stored = new Map(turns.flatMap((t) => t.detail.spans.map((s) => [s.spanId, s] as const)));
    expect([...stored.keys()].sort()).toEqual(otel.emitted().map((s) => s.spanContext().spanId).sort());
    ended = otel.emitted().map((s) => stored.get(s.spanContext().spanId) as Span);
  });

  it('finds one trace per turn, in the thread’s session, with the user and the two agents only', () => {
    expect(turns.map((t) => t.summary)).toMatchObject([
      { sessionId: SESSION, service: 'travel-swarm', rootName: 'LangGraph', agents: NAMES, errors: 0 },
      { sessionId: SESSION, service: 'travel-swarm', rootName: 'LangGraph', agents: NAMES, errors: 0 },
    ]);
    const spans = turns.flatMap((t) => t.detail.spans);
    expect(new Set(spans.map((s) => `${s.sessionId} / ${s.userId}`))).toEqual(new Set([`${SESSION} / ${USER}`]));
    expect(new Set(spans.map((s) => s.agent))).toEqual(new Set(['', ...NAMES]));
  });

  it('makes one agent span per agent run; the second turn resumes at the agent the first ended with', () => {
    expect(turns.map((t) => t.detail.spans.filter((s) => s.type === 'agent').sort(byStart).map((s) => `${s.name}: ${s.agent}`))).toEqual([
      ['Flights: Flights', 'Hotels: Hotels'],
      ['Hotels: Hotels', 'Flights: Flights'],
    ]);
  });

  it('types every span: the agents’ ReAct loops, runnable sequences and subgraph runs are workflow steps', () => {
    const steps = (n: number) => ({ 'agent: workflow': n, 'RunnableSequence: workflow': n, 'prompt: workflow': n, 'ScriptedChatModel: llm': n, 'RunnableLambda: workflow': n + 1 });
    const agents = { 'LangGraph: workflow': 1, '__start__: workflow': 3, 'Flights: agent': 1, 'Flights: workflow': 1, 'Hotels: agent': 1, 'Hotels: workflow': 1 };
    expect(typeCounts(turns[0]!.detail)).toEqual({ ...agents, ...steps(4), 'tools: workflow': 3, 'book_flight: tool': 1, 'transfer_to_hotels: tool': 1, 'book_hotel: tool': 1 });
    expect(typeCounts(turns[1]!.detail)).toEqual({ ...agents, ...steps(3), 'tools: workflow': 2, 'transfer_to_flights: tool': 1, 'change_flight: tool': 1 });
  });

  it('attributes every span to the agent whose node it runs in', () => {
    const misattributed = turns.flatMap(({ detail }) => {
      const node = topLevel(detail);
      return detail.spans.filter((s) => {
        const top = node.get(s.spanId);
        return s.agent !== (top && top.name !== '__start__' ? top.name : '');
      });
    });
    expect(misattributed.map((s) => `${s.name} → ${s.agent}`)).toEqual([]);
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it', () => {
    const { flights, hotels } = MODELS;
    expect(ended.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: AGENTS.flights, model: flights, usage: USAGE.flightsBook },
      { agent: AGENTS.flights, model: flights, usage: USAGE.flightsToHotels },
      { agent: AGENTS.hotels, model: hotels, usage: USAGE.hotelsBook },
      { agent: AGENTS.hotels, model: hotels, usage: USAGE.hotelsAnswer },
      { agent: AGENTS.hotels, model: hotels, usage: USAGE.hotelsToFlights },
      { agent: AGENTS.flights, model: flights, usage: USAGE.flightsChange },
      { agent: AGENTS.flights, model: flights, usage: USAGE.flightsAnswer },
    ]);
    expect(ended.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.tool}`)).toEqual([
      'Flights: book_flight',
      'Flights: transfer_to_hotels',
      'Hotels: book_hotel',
      'Hotels: transfer_to_flights',
      'Flights: change_flight',
    ]);
  });

  it('shows the handoff tools’ ParentCommand as control flow, not as errors', () => {
    const control = turns.map((t) => t.detail.spans.filter((s) => s.status.code === 'control').map((s) => `${s.name} (${s.agent})`).sort());
    expect(control).toEqual([
      ['Flights (Flights)', 'Flights (Flights)', 'tools (Flights)'],
      ['Hotels (Hotels)', 'Hotels (Hotels)', 'tools (Hotels)'],
    ]);
    expect(turns.flatMap((t) => t.detail.spans.filter((s) => s.status.code !== 'control' && s.status.code !== 'ok'))).toEqual([]);
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail[];

    beforeAll(async () => {
      const [first, second] = turns as [(typeof turns)[0], (typeof turns)[0]];
      const analysed = await analysedSession(baton, SESSION, first.summary.traceId, 2);
      session = analysed.session;
      stored = [analysed.trace, (await baton.api<TraceDetail>(`/api/v1/traces/${second.summary.traceId}`)).body];
    });

    it('finds the handoff each turn made, from the handing agent’s run to the receiving one’s, and no other', () => {
      const edges = stored.map((t) => t.handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId })));
      const [one, two] = turns.map((t) => t.detail);
      expect(edges).toEqual([
        [{ source: 'framework', status: 'complete', from: 'Flights', to: 'Hotels', fromSpanId: runOf(one!, 'Flights'), toSpanId: runOf(one!, 'Hotels') }],
        [{ source: 'framework', status: 'complete', from: 'Hotels', to: 'Flights', fromSpanId: runOf(two!, 'Hotels'), toSpanId: runOf(two!, 'Flights') }],
      ]);
      expect(session.handoffs.map((h) => h.id).sort()).toEqual(stored.flatMap((t) => t.handoffs.map((h) => h.id)).sort());
    });

    it('sums the session: two traces, two agents, no errors, tokens of the model calls only', () => {
      const calls = Object.values(USAGE);
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 2, agents: NAMES, handoffs: 2, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });
});
