import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { analysedSession, storedTrace, typeCounts } from '@/tests/helpers/framework-export';
import { AGENTS, ANSWER, MODELS, USAGE, travelDesk, type TravelDesk } from '@/tests/helpers/mastra-agents';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Mastra (`@mastra/core`), run for real: a supervisor agent with two
 * subagents (`agents: { research, booking }`), which it delegates to through
 * the `agent-<key>` tools Mastra makes of them; each subagent calls a tool of
 * its own. Scripted models (the AI SDK's mock model), no network. Traced by
 * Mastra's own observability (`@mastra/observability`) with its
 * OpenTelemetry exporter (`@mastra/otel-exporter`, `custom` provider,
 * OTLP/protobuf) to a real Baton, configured as Mastra's docs say; session
 * and user given as `tracingOptions.metadata` (Mastra's `sessionId` and
 * `userId` keys), which the exporter sends as `mastra.metadata.*`.
 *
 * Mastra 1.x declares Node >= 22.13; everything this test uses runs on the
 * Node 20 the project supports.
 */

const SESSION = 'mastra-session-1';
const USER = 'mastra-user-1';

let baton: BatonProcess;
let desk: TravelDesk;

beforeAll(async () => {
  baton = await startBaton();
  desk = travelDesk(baton.otlpUrl, 'travel-mastra');
});
afterAll(async () => {
  await baton?.stop();
  baton?.cleanup();
});

/**
 * Every span Mastra sends, by name and the type Baton gives it: its agent runs
 * (`invoke_agent`), model calls (`chat`, the one span per call with the
 * model and usage) and tool calls (`execute_tool`, the subagents' tools
 * `agent-<key>` among them); its own steps (`model_generation`, the model
 * loop; `agent_step`, one turn of it; `model_chunk`, a streamed part;
 * `mapping`, a tool result turned into model input) are in no convention.
 */
const TYPES = {
  'invoke_agent travel-supervisor: agent': 1,
  'model_generation mock-supervisor-1: other': 1,
  'agent_step travel-supervisor: other': 3,
  'chat mock-supervisor-1: llm': 3,
  'model_chunk travel-supervisor: other': 5,
  'execute_tool agent-research: tool': 1,
  'mapping agent-research: other': 1,
  'invoke_agent research-agent: agent': 1,
  'model_generation mock-research-1: other': 1,
  'agent_step research-agent: other': 2,
  'chat mock-research-1: llm': 2,
  'model_chunk research-agent: other': 3,
  'execute_tool search_trains: tool': 1,
  'execute_tool agent-booking: tool': 1,
  'mapping agent-booking: other': 1,
  'invoke_agent booking-agent: agent': 1,
  'model_generation mock-booking-1: other': 1,
  'agent_step booking-agent: other': 2,
  'chat mock-booking-1: llm': 2,
  'model_chunk booking-agent: other': 3,
  'execute_tool hold_seat: tool': 1,
};
const SPANS = Object.values(TYPES).reduce((n, c) => n + c, 0);

const runOf = (detail: TraceDetail, agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;
/** Sorted JSON forms: compares lists whatever order spans that started in the same millisecond come in. */
const sortedJson = (items: readonly unknown[]) => items.map((i) => JSON.stringify(i)).sort();

describe('Mastra supervisor with subagents, through its OpenTelemetry exporter', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;

  beforeAll(async () => {
    expect(await desk.run({ sessionId: SESSION, userId: USER })).toBe(ANSWER);
    expect(desk.calls()).toEqual({ supervisor: 3, research: 2, booking: 2 });
    // Mastra's documented way to flush its exporters (they batch every 5 s).
    await desk.mastra.shutdown();
    ({ summary, detail } = await storedTrace(baton, SESSION, SPANS));
  });

  it('finds the session and user from Mastra’s tracing metadata, and the three agents, with no errors', () => {
    const { supervisor, research, booking } = AGENTS;
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'travel-mastra', rootName: `invoke_agent ${supervisor}`, agents: [booking, research, supervisor], errors: 0 });
    expect(new Set(detail.spans.map((s) => `${s.sessionId} / ${s.userId}`))).toEqual(new Set([`${SESSION} / ${USER}`]));
    expect(new Set(detail.spans.map((s) => s.agent))).toEqual(new Set([supervisor, research, booking]));
    expect(detail.spans.filter((s) => s.status.code === 'error' || s.status.code === 'control')).toEqual([]);
  });

  it('types every span: Mastra’s GenAI operation names for runs, model and tool calls', () => {
    expect(typeCounts(detail)).toEqual(TYPES);
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it', () => {
    const llm = detail.spans.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }));
    expect(sortedJson(llm)).toEqual(sortedJson([
      { agent: AGENTS.supervisor, model: MODELS.supervisor, usage: USAGE.supervisorToResearch },
      { agent: AGENTS.research, model: MODELS.research, usage: USAGE.researchSearch },
      { agent: AGENTS.research, model: MODELS.research, usage: USAGE.researchAnswer },
      { agent: AGENTS.supervisor, model: MODELS.supervisor, usage: USAGE.supervisorToBooking },
      { agent: AGENTS.booking, model: MODELS.booking, usage: USAGE.bookingHold },
      { agent: AGENTS.booking, model: MODELS.booking, usage: USAGE.bookingAnswer },
      { agent: AGENTS.supervisor, model: MODELS.supervisor, usage: USAGE.supervisorAnswer },
    ]));
    expect(detail.spans.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.tool}`).sort()).toEqual([
      `${AGENTS.supervisor}: agent-research`,
      `${AGENTS.research}: search_trains`,
      `${AGENTS.supervisor}: agent-booking`,
      `${AGENTS.booking}: hold_seat`,
    ].sort());
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 2));
    });

    it('finds the two delegations Mastra made, from the supervisor’s run to each subagent’s, and no other', () => {
      const { supervisor, research, booking } = AGENTS;
      const handoffs = [...stored.handoffs].sort((a, b) => a.time.localeCompare(b.time));
      expect(handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'delegation', status: 'complete', from: supervisor, to: research, fromSpanId: runOf(detail, supervisor), toSpanId: runOf(detail, research) },
        { source: 'delegation', status: 'complete', from: supervisor, to: booking, fromSpanId: runOf(detail, supervisor), toSpanId: runOf(detail, booking) },
      ]);
      expect(session.handoffs.map((h) => h.id).sort()).toEqual(handoffs.map((h) => h.id).sort());
    });

    it('sums the session: one trace, three agents, no errors, tokens of the model calls only', () => {
      const calls = Object.values(USAGE);
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: [AGENTS.booking, AGENTS.research, AGENTS.supervisor], handoffs: 2, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });
});
