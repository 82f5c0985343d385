import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableGenkitOTelInitialization } from 'genkit/tracing';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { HandoffDetail } from '@/lib/schemas/handoffs';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { analysedSession, registerExport, storedTrace, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { AGENTS, ANSWER, MODELS, QUESTION, TASK, TOOLS, USAGE, travelDesk, type Desk } from '@/tests/helpers/genkit-agents';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Genkit (`genkit` 1.42), run for real: a coordinator agent (`ai.defineAgent`)
 * delegating to a researcher through Genkit's delegation middleware
 * (`@genkit-ai/middleware` `agents()`, its `delegate_to_researcher` tool); the
 * researcher calls a tool of its own. Scripted models (`ai.defineModel`), no
 * network. Genkit traces every action with the OpenTelemetry API; the app
 * owns the SDK, as `disableGenkitOTelInitialization` (`genkit/tracing`) is
 * documented for ("control the OTel initialization yourself"): a
 * NodeTracerProvider registered globally with the OTLP/protobuf exporter, to a
 * real Baton. The chat's session is the app's (`chat({ state: { sessionId } })`);
 * Genkit records no user.
 */

const SESSION = 'genkit-chat-1';

let baton: BatonProcess;
let otel: FrameworkExport;
let desk: Desk;
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
  disableGenkitOTelInitialization();
  otel = registerExport(baton, 'travel-genkit');
  desk = travelDesk();
});
afterAll(async () => {
  await otel?.shutdown();
  globalThis.fetch = realFetch;
  await baton?.stop();
  baton?.cleanup();
});

/**
 * Every span Genkit emits, by name and the type Baton gives it: its actions
 * (`genkit:metadata:subtype` agent, model, tool: the delegation tool among
 * them) and its own steps, in no convention: `runTurn-1` (an agent's turn),
 * `render` (its prompt), `generate` (the tool loop, one span per round).
 */
const TYPES = {
  'coordinator: agent': 1,
  'runTurn-1: other': 2,
  'render: other': 2,
  'generate: other': 4,
  [`${MODELS.coordinator}: llm`]: 2,
  [`${TOOLS.delegate}: tool`]: 1,
  'researcher: agent': 1,
  [`${MODELS.researcher}: llm`]: 2,
  [`${TOOLS.search}: tool`]: 1,
};
const SPANS = Object.values(TYPES).reduce((n, c) => n + c, 0);

const runOf = (detail: TraceDetail, agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;

describe('Genkit agents delegating through the agents() middleware', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;
  let ended: Span[];

  beforeAll(async () => {
    const answer = await desk.ask(QUESTION, SESSION);
    expect(answer).toEqual({ text: ANSWER, sessionId: SESSION });
    expect(desk.calls()).toEqual({ [MODELS.coordinator]: 2, [MODELS.researcher]: 2 });
    await otel.flush();
    const spans = otel.emitted();
    expect(spans).toHaveLength(SPANS);
    ({ summary, detail } = await storedTrace(baton, SESSION, spans.length));
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
    ended = spans.map((s) => detail.spans.find((d) => d.spanId === s.spanContext().spanId) as Span);
  });

  it('finds the chat as the session and the two agents, with no errors, and sent nothing off this machine', () => {
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'travel-genkit', rootName: AGENTS.coordinator, agents: [AGENTS.coordinator, AGENTS.researcher], errors: 0 });
    // The researcher's chat has a session id of its own; its spans stay in the coordinator's chat. Genkit records no user.
    expect(new Set(detail.spans.map((s) => `${s.sessionId} / ${s.userId}`))).toEqual(new Set([`${SESSION} / `]));
    expect(detail.spans.filter((s) => s.status.code === 'error' || s.status.code === 'control')).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('types every span from Genkit’s action kinds', () => {
    expect(typeCounts(detail)).toEqual(TYPES);
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it', () => {
    expect(ended.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: AGENTS.coordinator, model: MODELS.coordinator, usage: USAGE.coordinatorDelegate },
      { agent: AGENTS.researcher, model: MODELS.researcher, usage: USAGE.researcherSearch },
      { agent: AGENTS.researcher, model: MODELS.researcher, usage: USAGE.researcherAnswer },
      { agent: AGENTS.coordinator, model: MODELS.coordinator, usage: USAGE.coordinatorAnswer },
    ]);
    expect(ended.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.tool}`)).toEqual([`${AGENTS.researcher}: ${TOOLS.search}`, `${AGENTS.coordinator}: ${TOOLS.delegate}`]);
    // Genkit's own steps take the agent whose run they are in.
    const researcherRun = runOf(detail, AGENTS.researcher);
    expect(detail.spans.find((s) => s.spanId === researcherRun)?.attributes).toMatchObject({ 'genkit:input': JSON.stringify({ message: { role: 'user', content: [{ text: TASK }] } }) });
    expect(new Set(detail.spans.filter((s) => s.type === 'other').map((s) => s.agent))).toEqual(new Set([AGENTS.coordinator, AGENTS.researcher]));
  });

  it('reads the messages of Genkit’s spans: what the researcher’s model was given and answered, and its tool call', () => {
    const [firstCall] = ended.filter((s) => s.type === 'llm' && s.agent === AGENTS.researcher);
    expect(firstCall?.messages).toMatchObject({
      source: 'genkit',
      system: [{ type: 'text', content: 'Research the request and report what you find.' }],
      input: [{ role: 'system' }, { role: 'user', parts: [{ type: 'text', content: TASK }] }],
      output: [{ role: 'model', parts: [{ type: 'tool_call', id: 'call-search-1', name: TOOLS.search, arguments: { from: 'Paris', to: 'Vienna' } }] }],
    });
    const search = ended.find((s) => s.type === 'tool' && s.tool === TOOLS.search);
    expect(search?.messages).toMatchObject({ input: [{ parts: [{ type: 'tool_call', name: TOOLS.search, arguments: { from: 'Paris', to: 'Vienna' } }] }], output: [{ role: 'tool', parts: [{ type: 'tool_result', name: TOOLS.search }] }] });
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 1));
    });

    it('finds the one delegation, from the coordinator’s run to the researcher’s, and no other', () => {
      expect(stored.handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'delegation', status: 'complete', from: AGENTS.coordinator, to: AGENTS.researcher, fromSpanId: runOf(detail, AGENTS.coordinator), toSpanId: runOf(detail, AGENTS.researcher) },
      ]);
      expect(session.handoffs.map((h) => h.id)).toEqual(stored.handoffs.map((h) => h.id));
    });

    it('compares what each side was given, as text: the traveller’s question, then the delegated task', async () => {
      const res = await baton.api<HandoffDetail>(`/api/v1/handoffs/${encodeURIComponent(stored.handoffs[0]!.id)}`);
      expect(res.status).toBe(200);
      expect(res.body.handoff.drift.method).toBe('text');
      expect(res.body.sender).toMatchObject({ agent: AGENTS.coordinator, text: QUESTION });
      expect(res.body.receiver).toMatchObject({ agent: AGENTS.researcher, text: TASK });
    });

    it('sums the session: one trace, two agents, no errors, tokens of the model calls only', () => {
      const calls = Object.values(USAGE);
      expect(session.session).toMatchObject({ sessionId: SESSION, traces: 1, agents: [AGENTS.coordinator, AGENTS.researcher], handoffs: 1, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });
});
