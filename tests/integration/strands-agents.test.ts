import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { setupTracer } from '@strands-agents/sdk/telemetry';
import type { Span, TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { AGENTS, ANSWER, MODELS, SWARM_ID, USAGE, tripSwarm } from '@/tests/helpers/strands-agents';
import { analysedSession, storedTrace, typeCounts } from '@/tests/helpers/framework-export';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Strands Agents for TypeScript (`@strands-agents/sdk`), run for real: a
 * `Swarm` of a researcher, which looks a train up, and a writer; the
 * researcher hands off to the writer with the swarm's handoff (its structured
 * output names the next agent). Scripted models (a custom `Model` provider),
 * no network. Telemetry is the SDK's own, set up as its telemetry module says:
 * `setupTracer({ exporters: { otlp: true } })`, the OTLP endpoint from
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (here a real Baton), session and user as the
 * agents' and swarm's `traceAttributes`.
 */

const SESSION = 'strands-session-1';
const USER = 'strands-user-1';

let baton: BatonProcess;
let provider: BasicTracerProvider;

beforeAll(async () => {
  baton = await startBaton();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = baton.otlpUrl;
  provider = setupTracer({ exporters: { otlp: true } });
});
afterAll(async () => {
  await provider?.shutdown();
  trace.disable();
  context.disable();
  await baton?.stop();
  baton?.cleanup();
});

const runOf = (detail: TraceDetail, agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;

describe('Strands Agents swarm handoff, the SDK’s own telemetry', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;
  /** Stored spans by start time, then name (the SDK's times are millisecond-precise, so some tie). */
  let spans: Span[];

  beforeAll(async () => {
    const { swarm, models } = tripSwarm({ sessionId: SESSION, userId: USER });
    const result = await swarm.invoke('How do I get from Paris to Vienna overnight?');
    expect(result.status).toBe('COMPLETED');
    expect(result.content.map((b) => ('text' in b ? b.text : ''))).toEqual([ANSWER]);
    expect({ researcher: models.researcher.calls, writer: models.writer.calls }).toEqual({ researcher: 2, writer: 1 });
    await provider.forceFlush();
    ({ summary, detail } = await storedTrace(baton, SESSION, 14));
    spans = [...detail.spans].sort((a, b) => a.startTime.localeCompare(b.startTime) || a.name.localeCompare(b.name));
  });

  it('finds the session and user of the trace attributes, the two agents, and no errors', () => {
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'strands-agents', rootName: `invoke_swarm ${SWARM_ID}`, agents: [AGENTS.researcher, AGENTS.writer], errors: 0 });
    expect(new Set(detail.spans.map((s) => `${s.sessionId} / ${s.userId}`))).toEqual(new Set([`${SESSION} / ${USER}`]));
    expect(detail.spans.filter((s) => s.status.code === 'error' || s.status.code === 'control')).toEqual([]);
  });

  it('types every span as the SDK’s operation names say', () => {
    expect(typeCounts(detail)).toEqual({
      [`invoke_swarm ${SWARM_ID}: workflow`]: 1,
      'node researcher: workflow': 1,
      'node writer: workflow': 1,
      'invoke_agent researcher: agent': 1,
      'invoke_agent writer: agent': 1,
      'execute_agent_loop_cycle: other': 3,
      'chat: llm': 3,
      'execute_tool lookup_trains: tool': 1,
      'execute_tool strands_structured_output: tool': 2,
    });
  });

  it('attributes each model call, with its model and tokens, and each tool call to the agent that made it; the swarm and its nodes are no agent', () => {
    expect(spans.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: AGENTS.researcher, model: MODELS.researcher, usage: USAGE.researcherLookup },
      { agent: AGENTS.researcher, model: MODELS.researcher, usage: USAGE.researcherHandoff },
      { agent: AGENTS.writer, model: MODELS.writer, usage: USAGE.writerAnswer },
    ]);
    expect(spans.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.tool}`)).toEqual([
      'researcher: lookup_trains',
      'researcher: strands_structured_output',
      'writer: strands_structured_output',
    ]);
    expect(spans.filter((s) => !s.agent).map((s) => s.name)).toEqual([`invoke_swarm ${SWARM_ID}`, 'node researcher', 'node writer']);
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 1));
    });

    it('finds the one handoff the swarm made, from the researcher’s run to the writer’s, and no other', () => {
      expect(stored.handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'framework', status: 'complete', from: AGENTS.researcher, to: AGENTS.writer, fromSpanId: runOf(detail, AGENTS.researcher), toSpanId: runOf(detail, AGENTS.writer) },
      ]);
      expect(session.handoffs.map((h) => h.id)).toEqual(stored.handoffs.map((h) => h.id));
    });

    it('sums the session: one trace, two agents, no errors, tokens of the model calls only', () => {
      const calls = Object.values(USAGE);
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: [AGENTS.researcher, AGENTS.writer], handoffs: 1, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
    });
  });
});
