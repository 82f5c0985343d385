import { Agent } from '@voltagent/core';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

/**
 * Two VoltAgent agents (`@voltagent/core`) on mock models (the Vercel AI SDK's
 * `MockLanguageModelV3`, no network): a supervisor with a researcher as its
 * sub-agent, which it delegates to with VoltAgent's own `delegate_task` tool.
 * Nothing in the app knows Baton.
 */

type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;
type StreamPart = Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;

export interface Usage {
  input: number;
  output: number;
}

export const AGENTS = { supervisor: 'Supervisor', researcher: 'Researcher' } as const;
export const MODELS = { supervisor: 'mock-supervisor-1', researcher: 'mock-researcher-1' } as const;

/** The usage each model call reports, in call order. */
export const USAGE = {
  supervisorDelegate: { input: 150, output: 24 },
  researcher: { input: 70, output: 90 },
  supervisorAnswer: { input: 260, output: 40 },
} satisfies Record<string, Usage>;

export const TASK = 'Find night trains from Paris to Vienna.';
const FINDINGS = 'Nightjet runs Paris–Vienna three times a week; couchettes from 59 EUR.';
export const ANSWER = 'Take the Nightjet: three departures a week, couchettes from 59 EUR.';

const usage = (u: Usage) => ({
  inputTokens: { total: u.input, noCache: u.input, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: u.output, text: u.output, reasoning: undefined },
});

function generated(modelId: string, u: Usage, content: GenerateResult['content']): GenerateResult {
  const toolCalls = content.some((part) => part.type === 'tool-call');
  return {
    content,
    finishReason: toolCalls ? { unified: 'tool-calls', raw: 'tool_calls' } : { unified: 'stop', raw: 'stop' },
    usage: usage(u),
    response: { id: `resp-${modelId}-${u.input}`, modelId, timestamp: new Date() },
    warnings: [],
  };
}

/** A streamed text answer, as a provider streams it. */
function streamed(modelId: string, u: Usage, text: string) {
  const chunks: StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: `resp-${modelId}-${u.input}`, modelId, timestamp: new Date() },
    { type: 'text-start', id: 't1' },
    { type: 'text-delta', id: 't1', delta: text },
    { type: 'text-end', id: 't1' },
    { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(u) },
  ];
  return { stream: simulateReadableStream({ chunks }) };
}

export interface Desk {
  supervisor: Agent;
  researcher: Agent;
  calls(): Record<string, number>;
}

/** The supervisor and its sub-agent; each model answers its scripted calls in turn. */
export function travelDesk(): Desk {
  const supervisorModel = new MockLanguageModelV3({
    modelId: MODELS.supervisor,
    doGenerate: [
      generated(MODELS.supervisor, USAGE.supervisorDelegate, [
        { type: 'tool-call', toolCallId: 'call-1', toolName: 'delegate_task', input: JSON.stringify({ task: TASK, targetAgents: [AGENTS.researcher] }) },
      ]),
      generated(MODELS.supervisor, USAGE.supervisorAnswer, [{ type: 'text', text: ANSWER }]),
    ],
  });
  // Sub-agents run with streamText by default (VoltAgent's sub-agent docs).
  const researcherModel = new MockLanguageModelV3({ modelId: MODELS.researcher, doStream: [streamed(MODELS.researcher, USAGE.researcher, FINDINGS)] });
  const researcher = new Agent({
    name: AGENTS.researcher,
    purpose: 'Researches travel options',
    instructions: 'You research travel options and report facts.',
    model: researcherModel,
  });
  const supervisor = new Agent({
    name: AGENTS.supervisor,
    instructions: 'You plan trips for customer C-1042. Delegate research to the Researcher. Never book trains over 150 EUR.',
    model: supervisorModel,
    subAgents: [researcher],
  });
  return {
    supervisor,
    researcher,
    calls: () => ({ [MODELS.supervisor]: supervisorModel.doGenerateCalls.length, [MODELS.researcher]: researcherModel.doStreamCalls.length }),
  };
}
