import type { Tracer } from '@opentelemetry/api';
import { generateText, stepCountIs, tool, type TelemetrySettings } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { z } from 'zod';

/**
 * Two agents written with the Vercel AI SDK on mock models (no network, no
 * provider): a coordinator whose `research` tool runs a researcher agent.
 * The app only turns on the SDK's own telemetry; nothing in it knows Baton.
 */

/** A mock model's answer to one call (the provider spec's generate result). */
type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;

export interface Usage {
  input: number;
  output: number;
}

/** The model ids the mocks report. */
export const MODELS = { coordinator: 'mock-coordinator-1', researcher: 'mock-researcher-1' } as const;

/** The usage each model call reports, in call order. */
export const USAGE = {
  /** The coordinator's first step, which calls the research tool. */
  coordinatorToolCall: { input: 120, output: 18 },
  /** The coordinator's second step, the final answer. */
  coordinatorAnswer: { input: 210, output: 42 },
  researcher: { input: 64, output: 96 },
} satisfies Record<string, Usage>;

/** The coordinator is told a customer id and a rule; the brief it hands the researcher carries neither. */
export const COORDINATOR_SYSTEM = 'You plan trips for customer C-1042. Delegate research to the research tool. Never book trains over 150 EUR.';
const RESEARCHER_SYSTEM = 'You research travel options and report facts.';
const TOPIC = 'night trains from Paris to Vienna';
const FINDINGS = 'Nightjet runs Paris–Vienna three times a week; couchettes from 59 EUR.';
export const ANSWER = 'Take the Nightjet: three departures a week, couchettes from 59 EUR.';

export interface TelemetryMetadata {
  sessionId: string;
  userId: string;
}

function answer(modelId: string, usage: Usage, content: GenerateResult['content']): GenerateResult {
  const toolCalls = content.some((part) => part.type === 'tool-call');
  return {
    content,
    finishReason: toolCalls ? { unified: 'tool-calls', raw: 'tool_calls' } : { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: usage.input, noCache: usage.input, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: usage.output, text: usage.output, reasoning: undefined },
    },
    response: { id: `resp-${modelId}-${usage.input}`, modelId, timestamp: new Date() },
    warnings: [],
  };
}

/** The SDK's telemetry switch, as an app sets it: a function id naming the agent, session and user as metadata. */
function telemetry(functionId: string, tracer: Tracer, metadata: TelemetryMetadata): TelemetrySettings {
  return { isEnabled: true, functionId, metadata: { sessionId: metadata.sessionId, userId: metadata.userId }, tracer };
}

async function researcher(topic: string, tracer: Tracer, metadata: TelemetryMetadata): Promise<string> {
  const model = new MockLanguageModelV3({
    modelId: MODELS.researcher,
    doGenerate: answer(MODELS.researcher, USAGE.researcher, [{ type: 'text', text: FINDINGS }]),
  });
  const { text } = await generateText({
    model,
    system: RESEARCHER_SYSTEM,
    prompt: `Research: ${topic}`,
    experimental_telemetry: telemetry('researcher', tracer, metadata),
  });
  return text;
}

/** Runs the coordinator, which calls the researcher through its `research` tool; returns the final answer. */
export async function runCoordinator(tracer: Tracer, metadata: TelemetryMetadata): Promise<string> {
  const model = new MockLanguageModelV3({
    modelId: MODELS.coordinator,
    doGenerate: [
      answer(MODELS.coordinator, USAGE.coordinatorToolCall, [
        { type: 'tool-call', toolCallId: 'call-1', toolName: 'research', input: JSON.stringify({ topic: TOPIC }) },
      ]),
      answer(MODELS.coordinator, USAGE.coordinatorAnswer, [{ type: 'text', text: ANSWER }]),
    ],
  });
  const { text } = await generateText({
    model,
    system: COORDINATOR_SYSTEM,
    prompt: 'How do I get from Paris to Vienna overnight?',
    tools: {
      research: tool({
        description: 'Ask the researcher agent to look something up.',
        inputSchema: z.object({ topic: z.string() }),
        execute: ({ topic }) => researcher(topic, tracer, metadata),
      }),
    },
    stopWhen: stepCountIs(2),
    experimental_telemetry: telemetry('coordinator', tracer, metadata),
  });
  return text;
}
