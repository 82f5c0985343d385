import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context } from '@opentelemetry/api';
import { setSession, setUser } from '@arizeai/openinference-core';
import * as ClaudeAgentSDK from '@anthropic-ai/claude-agent-sdk';
import type { SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { ClaudeAgentSDKInstrumentation } from '@arizeai/openinference-instrumentation-claude-agent-sdk';
import type { TraceDetail, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { ANSWER, DELEGATION, MODELS, REPORT, SUBAGENT, USAGE, claudeDesk, type ClaudeDesk } from '@/tests/helpers/claude-agents';
import { analysedSession, registerExport, storedTrace, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * The Claude Agent SDK (JS), run for real: `query()` spawns the Claude Code
 * CLI the SDK ships, whose main agent delegates to a programmatic sub-agent
 * (`options.agents`) through the `Agent` tool, in the foreground; the
 * sub-agent reads a file with `Read` and reports back. The CLI talks to a
 * local stand-in for the Messages API that scripts both agents' model replies
 * (tests/helpers/anthropic-stand-in.ts). Instrumented with
 * `@arizeai/openinference-instrumentation-claude-agent-sdk` as its README says
 * for ESM (`manuallyInstrument(ClaudeAgentSDK)` with the tracer provider, and
 * `query` taken from what it returns), the user from OpenInference's context,
 * exported by the OTel SDK to a real Baton.
 *
 * What this instrumentation (0.3) sends is one AGENT span per `query()`, named
 * `ClaudeAgent.query`, naming no agent, with the main model and the result's
 * usage, and one TOOL span per tool call (from the SDK's PreToolUse /
 * PostToolUse hooks), every one a direct child of the AGENT span, the
 * sub-agent's included; no model-call span. The sub-agent shows only as the
 * `Agent` tool call (its input's `subagent_type`, its output's `agentType`,
 * `resolvedModel` and `usage`); nothing marks the `Read` call as the
 * sub-agent's. Baton shows what is there and invents no agent and no handoff.
 * docs/semantic-mapping.md ("Claude Agent SDK through OpenInference (JS)").
 */

const USER = 'claude-user-1';

let baton: BatonProcess;
let otel: FrameworkExport;
let desk: ClaudeDesk;
let sdk: typeof ClaudeAgentSDK;

beforeAll(async () => {
  baton = await startBaton();
  otel = registerExport(baton, 'billing-claude-agent');
  // As the README says for ESM: the instrumented SDK is what `manuallyInstrument` returns (a module namespace cannot be patched in place).
  sdk = new ClaudeAgentSDKInstrumentation({ tracerProvider: otel.provider }).manuallyInstrument(ClaudeAgentSDK);
  desk = await claudeDesk();
});
afterAll(async () => {
  await desk?.close();
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const sessionOf = (messages: SDKMessage[]) => {
  const init = messages.find((m) => m.type === 'system' && m.subtype === 'init');
  return init && 'session_id' in init ? init.session_id : '';
};

describe('Claude Agent SDK sub-agent, through OpenInference', () => {
  let messages: SDKMessage[];
  let sessionId: string;
  let summary: TraceSummary;
  let detail: TraceDetail;

  beforeAll(async () => {
    const run = await context.with(setUser(context.active(), { userId: USER }), () => desk.run(sdk.query));
    expect(run.answer).toBe(ANSWER);
    messages = run.messages;
    sessionId = sessionOf(messages);
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await otel.flush();
    ({ summary, detail } = await storedTrace(baton, sessionId, otel.emitted().length));
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual(otel.emitted().map((s) => s.spanContext().spanId).sort());
  });

  it('ran the main agent and the sub-agent on the stand-in, in the foreground, and nothing else', () => {
    expect(desk.api.requests().map((r) => `${r.path} ${r.model} ${r.stream ? 'stream' : 'json'} [${r.tools.includes('Agent') ? 'Agent…' : r.tools.join(',')}]`)).toEqual([
      `/v1/messages ${MODELS.main} stream [Agent…]`,
      `/v1/messages ${MODELS.checker} stream [Read]`,
      `/v1/messages ${MODELS.checker} stream [Read]`,
      `/v1/messages ${MODELS.main} stream [Agent…]`,
    ]);
    // The SDK's own messages tell the agents apart: the sub-agent's carry the main agent's Agent call as their parent.
    const models = messages.flatMap((m) => (m.type === 'assistant' ? [`${m.parent_tool_use_id ?? 'main'}: ${m.message.model}`] : []));
    expect(new Set(models)).toEqual(new Set([`main: ${MODELS.main}`, `toolu_main_1: ${MODELS.checker}`]));
    // The main agent gets the sub-agent's report as the Agent call's result.
    expect(JSON.stringify(desk.api.requests()[3]!.messages.at(-1))).toContain(REPORT);
  });

  it('finds the session the SDK named, the user, and no agent: the AGENT span names none', () => {
    expect(summary).toMatchObject({ sessionId, service: 'billing-claude-agent', rootName: 'ClaudeAgent.query', agents: [], errors: 0 });
    expect(detail.spans.map((s) => `${s.sessionId} / ${s.userId} / ${s.agent}`)).toEqual(detail.spans.map(() => `${sessionId} / ${USER} / `));
    expect(detail.spans.filter((s) => s.status.code !== 'ok')).toEqual([]);
  });

  it('types the query as an agent run and every tool call as a tool, all directly under it', () => {
    expect(typeCounts(detail)).toEqual({ 'ClaudeAgent.query: agent': 1, 'Agent: tool': 1, 'Read: tool': 1 });
    const root = detail.spans.find((s) => !s.parentSpanId)!;
    // The sub-agent's Read runs inside the Agent call, but its span is the query's child, as every tool span is.
    expect(detail.spans.filter((s) => s !== root).map((s) => `${s.tool} < ${s.parentSpanId === root.spanId ? root.name : s.parentSpanId}`)).toEqual([
      'Agent < ClaudeAgent.query',
      'Read < ClaudeAgent.query',
    ]);
  });

  it('reads the main model and the main agent’s tokens from the AGENT span; the sub-agent’s are only in the Agent tool’s output', () => {
    const root = detail.spans.find((s) => s.type === 'agent')!;
    const main = [USAGE.mainDelegate, USAGE.mainAnswer];
    expect({ model: root.model, usage: root.usage }).toEqual({ model: MODELS.main, usage: { input: main.reduce((n, u) => n + u.input, 0), output: main.reduce((n, u) => n + u.output, 0) } });
    expect(detail.spans.filter((s) => s.type === 'llm')).toEqual([]);
    const agentTool = detail.spans.find((s) => s.tool === 'Agent')!;
    expect(JSON.parse(String(agentTool.attributes['input.value']))).toEqual(DELEGATION);
    expect(JSON.parse(String(agentTool.attributes['output.value']))).toMatchObject({ status: 'completed', agentType: SUBAGENT, resolvedModel: MODELS.checker, toolsUsed: ['Read'] });
    expect(JSON.parse(String(detail.spans.find((s) => s.tool === 'Read')!.attributes['input.value']))).toEqual({ file_path: desk.invoiceFile });
  });

  describe('handoffs', () => {
    let session: SessionDetail;
    let stored: TraceDetail;

    beforeAll(async () => {
      ({ session, trace: stored } = await analysedSession(baton, sessionId, summary.traceId, 0));
    });

    it('makes no handoff: there is no agent span to hand from or to', () => {
      expect(stored.handoffs).toEqual([]);
      expect(session.handoffs).toEqual([]);
    });

    it('sums the session: one trace, no agent, no errors, and the AGENT span’s tokens, as no model-call span runs below it', () => {
      expect(session.session).toMatchObject({ sessionId, userId: USER, traces: 1, spans: 3, agents: [], handoffs: 0, errors: 0 });
      // "Tokens" in docs/semantic-mapping.md: an agent run's usage counts when no model call runs below it. Here that is the main agent's only.
      const main = [USAGE.mainDelegate, USAGE.mainAnswer];
      expect(session.metrics.tokens).toEqual({ input: main.reduce((n, u) => n + u.input, 0), output: main.reduce((n, u) => n + u.output, 0) });
    });
  });
});

describe('the same, with a session set in OpenInference’s context', () => {
  const CALLER_SESSION = 'claude-caller-session-1';
  let sdkSession: string;
  let detail: TraceDetail;
  let summary: TraceSummary;

  beforeAll(async () => {
    const before = otel.emitted().length;
    const run = await context.with(setUser(setSession(context.active(), { sessionId: CALLER_SESSION }), { userId: USER }), () => desk.run(sdk.query));
    expect(run.answer).toBe(ANSWER);
    sdkSession = sessionOf(run.messages);
    await otel.flush();
    ({ summary, detail } = await storedTrace(baton, sdkSession, otel.emitted().length - before));
  });

  it('files the trace under the SDK’s session, which the instrumentation sets over the caller’s on the AGENT span; the tool spans keep the caller’s', () => {
    expect(sdkSession).not.toBe(CALLER_SESSION);
    expect(summary).toMatchObject({ sessionId: sdkSession, rootName: 'ClaudeAgent.query', agents: [], errors: 0 });
    expect(detail.spans.map((s) => `${s.name}: ${s.sessionId}`).sort()).toEqual([`Agent: ${CALLER_SESSION}`, `ClaudeAgent.query: ${sdkSession}`, `Read: ${CALLER_SESSION}`]);
  });
});
