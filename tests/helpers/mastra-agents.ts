import { Agent } from '@mastra/core/agent';
import { Mastra } from '@mastra/core/mastra';
import { createTool } from '@mastra/core/tools';
import { Observability } from '@mastra/observability';
import { OtelExporter } from '@mastra/otel-exporter';
import { MockLanguageModelV3 } from 'ai/test';
import { z } from 'zod';

/**
 * A travel desk written with Mastra (`@mastra/core`) as its docs show: a
 * supervisor agent with two subagents in its `agents` property, which Mastra
 * turns into the tools `agent-<key>` the supervisor's model calls to
 * delegate. Each agent runs on a scripted model (the AI SDK's
 * `MockLanguageModelV3`, the model interface Mastra runs on; no network).
 * Tracing is Mastra's own: `Observability` with the `OtelExporter` on the
 * `custom` provider (OTLP/protobuf to the given endpoint); session and user
 * are given as `tracingOptions.metadata`, as Mastra's docs say. Nothing in it
 * knows Baton.
 */

export const AGENTS = { supervisor: 'travel-supervisor', research: 'research-agent', booking: 'booking-agent' } as const;
export const MODELS = { supervisor: 'mock-supervisor-1', research: 'mock-research-1', booking: 'mock-booking-1' } as const;

export interface Usage {
  input: number;
  output: number;
}

/** The usage each model call reports, per agent in call order. */
export const USAGE = {
  supervisorToResearch: { input: 180, output: 14 },
  researchSearch: { input: 90, output: 12 },
  researchAnswer: { input: 140, output: 36 },
  supervisorToBooking: { input: 260, output: 16 },
  bookingHold: { input: 110, output: 11 },
  bookingAnswer: { input: 150, output: 24 },
  supervisorAnswer: { input: 330, output: 45 },
} satisfies Record<string, Usage>;

export const QUESTION = 'Get me from Paris to Vienna overnight on 12 March, couchette, under 150 EUR.';
export const ANSWER = 'Booked: Nightjet NJ 468 on 12 March, couchette seat held (HOLD-77), 59 EUR.';

type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;
type Step = { usage: Usage } & ({ call: { name: string; args: Record<string, unknown> } } | { text: string });

function result(modelId: string, step: Step, n: number): GenerateResult {
  const { input, output } = step.usage;
  return {
    content: 'call' in step ? [{ type: 'tool-call', toolCallId: `${modelId}-call-${n}`, toolName: step.call.name, input: JSON.stringify(step.call.args) }] : [{ type: 'text', text: step.text }],
    finishReason: 'call' in step ? { unified: 'tool-calls', raw: 'tool_calls' } : { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: output, text: output, reasoning: undefined },
    },
    response: { id: `resp-${modelId}-${n}`, modelId, timestamp: new Date() },
    warnings: [],
  };
}

/** A mock model answering from a script, one step per call; counts its calls. */
function scripted(modelId: string, script: readonly Step[]): MockLanguageModelV3 {
  let calls = 0;
  return new MockLanguageModelV3({
    modelId,
    doGenerate: async (): Promise<GenerateResult> => {
      const step = script[calls++];
      if (!step) throw new Error(`${modelId}: no scripted answer for call ${calls}`);
      return result(modelId, step, calls);
    },
  });
}

const searchTrains = createTool({
  id: 'search_trains',
  description: 'Search night trains between two cities on a date.',
  inputSchema: z.object({ from: z.string(), to: z.string(), date: z.string() }),
  execute: async () => ({ trains: [{ id: 'NJ 468', operator: 'Nightjet', couchetteFrom: 59 }] }),
});

const holdSeat = createTool({
  id: 'hold_seat',
  description: 'Hold a seat on a train.',
  inputSchema: z.object({ train: z.string(), date: z.string(), berth: z.string() }),
  execute: async () => ({ hold: 'HOLD-77', price: 59 }),
});

export interface TravelDesk {
  mastra: Mastra;
  run(metadata: { sessionId: string; userId: string }): Promise<string>;
  calls(): Record<keyof typeof AGENTS, number>;
}

/** The travel desk, tracing to the OTLP/HTTP base endpoint given (Mastra adds `/v1/traces`). */
export function travelDesk(otlpEndpoint: string, serviceName: string): TravelDesk {
  const models = {
    supervisor: scripted(MODELS.supervisor, [
      { call: { name: 'agent-research', args: { prompt: 'Find night trains Paris to Vienna on 12 March with couchettes.' } }, usage: USAGE.supervisorToResearch },
      { call: { name: 'agent-booking', args: { prompt: 'Hold a couchette on Nightjet NJ 468, 12 March.' } }, usage: USAGE.supervisorToBooking },
      { text: ANSWER, usage: USAGE.supervisorAnswer },
    ]),
    research: scripted(MODELS.research, [
      { call: { name: 'search_trains', args: { from: 'Paris', to: 'Vienna', date: '2027-03-12' } }, usage: USAGE.researchSearch },
      { text: 'Nightjet NJ 468 runs Paris–Vienna on 12 March; couchettes from 59 EUR.', usage: USAGE.researchAnswer },
    ]),
    booking: scripted(MODELS.booking, [
      { call: { name: 'hold_seat', args: { train: 'NJ 468', date: '2027-03-12', berth: 'couchette' } }, usage: USAGE.bookingHold },
      { text: 'Held a couchette on NJ 468 (HOLD-77), 59 EUR.', usage: USAGE.bookingAnswer },
    ]),
  };
  const research = new Agent({
    id: AGENTS.research,
    name: AGENTS.research,
    description: 'Finds train connections and prices.',
    instructions: 'You research train connections and report facts.',
    model: models.research,
    tools: { search_trains: searchTrains },
  });
  const booking = new Agent({
    id: AGENTS.booking,
    name: AGENTS.booking,
    description: 'Holds and books seats.',
    instructions: 'You hold seats on trains the user chose.',
    model: models.booking,
    tools: { hold_seat: holdSeat },
  });
  const supervisor = new Agent({
    id: AGENTS.supervisor,
    name: AGENTS.supervisor,
    instructions: 'You plan trips for customer C-1042. Delegate research to research-agent and bookings to booking-agent. Never book trains over 150 EUR.',
    model: models.supervisor,
    agents: { research, booking },
  });
  const mastra = new Mastra({
    agents: { supervisor },
    observability: new Observability({
      configs: {
        otel: {
          serviceName,
          exporters: [new OtelExporter({ provider: { custom: { endpoint: otlpEndpoint, protocol: 'http/protobuf' } } })],
        },
      },
    }),
  });
  return {
    mastra,
    async run(metadata) {
      const out = await mastra.getAgent('supervisor').generate(QUESTION, { maxSteps: 5, tracingOptions: { metadata } });
      return out.text;
    },
    calls: () => ({
      supervisor: models.supervisor.doGenerateCalls.length,
      research: models.research.doGenerateCalls.length,
      booking: models.booking.doGenerateCalls.length,
    }),
  };
}
