import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telemetryService } from '@iqai/adk';
import type { TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { analysedSession, storedTrace, typeCounts } from '@/tests/helpers/framework-export';
import { AGENTS, ANSWER, MODELS, USAGE, supportDesk } from '@/tests/helpers/iqai-adk-agents';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * IQ AI's ADK-TS (`@iqai/adk`), run for real: a `coordinator` LlmAgent hands
 * the conversation to its sub-agent `billing_agent` with ADK-TS's own
 * `transfer_to_agent` tool; the billing agent looks the invoice up with a tool
 * and answers. Scripted models (`BaseLlm`), no network. Telemetry is set up
 * as ADK-TS's observability docs say: `telemetryService.initialize` with the
 * app's name and an OTLP endpoint, here the test's Baton; ADK-TS then exports
 * with its own OpenTelemetry SDK over OTLP/HTTP. Its shutdown flushes what
 * was traced. Session and user are ADK-TS's own (`session.id`, `user.id`).
 *
 * What ADK-TS 0.5 emits, and what Baton reads of it, is in
 * docs/semantic-mapping.md ("ADK-TS"); tokens in particular are written on
 * the agent's run span, each model call's over the last, so they are
 * asserted as emitted and the session sums none.
 */

const SESSION = 'adk-ts-session-1';
const USER = 'adk-ts-user-1';
const SPANS = 8;

let baton: BatonProcess;

beforeAll(async () => {
  baton = await startBaton();
  telemetryService.initialize({ appName: 'support-adk-ts', otlpEndpoint: `${baton.otlpUrl}/v1/traces` });
});
afterAll(async () => {
  // Shut down already when the run succeeded; stops ADK-TS's SDK if it failed first.
  if (telemetryService.initialized) await telemetryService.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const runOf = (detail: TraceDetail, agent: string) => detail.spans.find((s) => s.type === 'agent' && s.agent === agent)?.spanId;

describe('ADK-TS sub-agents and transfer_to_agent', () => {
  let summary: TraceSummary;
  let detail: TraceDetail;

  beforeAll(async () => {
    const desk = supportDesk();
    expect(await desk.run(USER, SESSION)).toBe(ANSWER);
    expect(desk.calls()).toEqual({ coordinator: 1, billing: 2 });
    await telemetryService.shutdown();
    ({ summary, detail } = await storedTrace(baton, SESSION, SPANS));
  });

  it('finds ADK-TS’s session and user and the two agents, with no errors', () => {
    expect(summary).toMatchObject({ sessionId: SESSION, service: 'support-adk-ts', rootName: 'invocation', agents: [AGENTS.billing, AGENTS.coordinator], errors: 0 });
    // ADK-TS writes both on its agent runs only; the runner's root span (`invocation`) carries neither, and takes the trace's session.
    const runs = detail.spans.filter((s) => s.name !== 'invocation');
    expect(new Set(runs.map((s) => `${s.sessionId} / ${s.userId}`))).toEqual(new Set([`${SESSION} / ${USER}`]));
    expect(detail.spans.filter((s) => s.name === 'invocation').map((s) => `${s.sessionId} / ${s.userId}`)).toEqual([`${SESSION} / `]);
    expect(new Set(detail.spans.map((s) => s.agent))).toEqual(new Set(['', AGENTS.coordinator, AGENTS.billing]));
  });

  it('types every span: agent runs by their name, llm_generate spans as model calls', () => {
    expect(typeCounts(detail)).toEqual({
      'invocation: other': 1,
      'agent_run [coordinator]: agent': 1,
      'agent_run [billing_agent]: agent': 1,
      'llm_generate [scripted-coordinator-1]: llm': 1,
      'llm_generate [scripted-billing-1]: llm': 2,
      'execute_tool transfer_to_agent: tool': 1,
      'execute_tool lookup_invoice: tool': 1,
    });
  });

  it('attributes each model call, with its model, and each tool call to the agent that made it', () => {
    const byStart = [...detail.spans].sort((a, b) => a.startTime.localeCompare(b.startTime));
    expect(byStart.filter((s) => s.type === 'llm').map((s) => ({ agent: s.agent, model: s.model, usage: s.usage }))).toEqual([
      { agent: AGENTS.coordinator, model: MODELS.coordinator, usage: { input: 0, output: 0 } },
      { agent: AGENTS.billing, model: MODELS.billing, usage: { input: 0, output: 0 } },
      { agent: AGENTS.billing, model: MODELS.billing, usage: { input: 0, output: 0 } },
    ]);
    expect(byStart.filter((s) => s.type === 'tool').map((s) => `${s.agent}: ${s.tool}`)).toEqual(['coordinator: transfer_to_agent', 'billing_agent: lookup_invoice']);
  });

  it('keeps the usage ADK-TS writes on each agent run: its last model call’s, not its total', () => {
    const run = (agent: string) => detail.spans.find((s) => s.spanId === runOf(detail, agent));
    expect(run(AGENTS.coordinator)).toMatchObject({ model: MODELS.coordinator, usage: USAGE.coordinatorToBilling });
    // The billing agent made two calls; the first one's usage (USAGE.billingLookup) was overwritten.
    expect(run(AGENTS.billing)).toMatchObject({ model: MODELS.billing, usage: USAGE.billingAnswer });
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, SESSION, summary.traceId, 1));
    });

    it('finds the one transfer ADK-TS made, from the coordinator’s run to the billing agent’s, and no other', () => {
      expect(stored.handoffs.map((h) => ({ source: h.source, status: h.status, from: h.fromAgent, to: h.toAgent, fromSpanId: h.fromSpanId, toSpanId: h.toSpanId }))).toEqual([
        { source: 'framework', status: 'complete', from: AGENTS.coordinator, to: AGENTS.billing, fromSpanId: runOf(detail, AGENTS.coordinator), toSpanId: runOf(detail, AGENTS.billing) },
      ]);
      expect(session.handoffs.map((h) => h.id)).toEqual(stored.handoffs.map((h) => h.id));
    });

    it('sums the session: one trace, two agents, no errors, and no tokens, as no model-call span reports any', () => {
      expect(session.session).toMatchObject({ sessionId: SESSION, userId: USER, traces: 1, agents: [AGENTS.billing, AGENTS.coordinator], handoffs: 1, errors: 0 });
      expect(session.metrics.tokens).toEqual({ input: 0, output: 0 });
    });
  });
});
