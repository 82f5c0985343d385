import { Agent, Model, Swarm, tool, type BaseModelConfig, type Message, type ModelStreamEvent } from '@strands-agents/sdk';
import { z } from 'zod';

/**
 * A Strands Agents swarm (`@strands-agents/sdk`) on scripted models: a
 * researcher looks a train up with a function tool, then hands off to a writer
 * (the swarm's handoff is the node's structured output, the SDK's
 * `strands_structured_output` tool, naming the next agent in `agentId`); the
 * writer answers. The app sets session and user as the SDK's docs say, as
 * `traceAttributes`; nothing in it knows Baton.
 */

export const AGENTS = { researcher: 'researcher', writer: 'writer' } as const;
export const SWARM_ID = 'trip-swarm';
export const MODELS = { researcher: 'scripted-researcher-1', writer: 'scripted-writer-1' } as const;

export interface Usage {
  input: number;
  output: number;
}

/** The usage each model call reports, in call order. */
export const USAGE = {
  researcherLookup: { input: 140, output: 22 },
  researcherHandoff: { input: 230, output: 35 },
  writerAnswer: { input: 90, output: 48 },
} satisfies Record<string, Usage>;

const ROUTE = 'Paris-Vienna';
const FINDINGS = 'Nightjet, three departures a week, couchettes from 59 EUR.';
export const BRIEF = `Write the answer for the customer: ${FINDINGS}`;
export const ANSWER = 'Take the Nightjet: three departures a week, couchettes from 59 EUR.';

/** One scripted model turn: a tool call (name and input) or a text answer, with its usage. */
type Turn = { tool: string; input: Record<string, unknown>; usage: Usage } | { text: string; usage: Usage };

/**
 * A Strands model provider (the SDK's `Model` base class, as its custom
 * provider docs describe) that streams scripted turns: no network.
 */
export class ScriptedModel extends Model<BaseModelConfig> {
  private config: BaseModelConfig;
  private readonly turns: Turn[];
  calls = 0;

  constructor(modelId: string, turns: Turn[]) {
    super();
    this.config = { modelId };
    this.turns = [...turns];
  }

  updateConfig(modelConfig: BaseModelConfig): void {
    this.config = { ...this.config, ...modelConfig };
  }

  getConfig(): BaseModelConfig {
    return this.config;
  }

  async *stream(_messages: Message[]): AsyncGenerator<ModelStreamEvent> {
    const turn = this.turns.shift();
    if (!turn) throw new Error(`${this.config.modelId}: no scripted turn left`);
    this.calls += 1;
    yield { type: 'modelMessageStartEvent', role: 'assistant' };
    if ('tool' in turn) {
      yield { type: 'modelContentBlockStartEvent', start: { type: 'toolUseStart', name: turn.tool, toolUseId: `${turn.tool}-${this.calls}` } };
      yield { type: 'modelContentBlockDeltaEvent', delta: { type: 'toolUseInputDelta', input: JSON.stringify(turn.input) } };
    } else {
      yield { type: 'modelContentBlockStartEvent' };
      yield { type: 'modelContentBlockDeltaEvent', delta: { type: 'textDelta', text: turn.text } };
    }
    yield { type: 'modelContentBlockStopEvent' };
    yield { type: 'modelMessageStopEvent', stopReason: 'tool' in turn ? 'toolUse' : 'endTurn' };
    const { input, output } = turn.usage;
    yield { type: 'modelMetadataEvent', usage: { inputTokens: input, outputTokens: output, totalTokens: input + output }, metrics: { latencyMs: 1 } };
  }
}

const lookupTrains = tool({
  name: 'lookup_trains',
  description: 'Look up the trains on a route.',
  inputSchema: z.object({ route: z.string() }),
  callback: ({ route }) => (route === ROUTE ? FINDINGS : 'no trains'),
});

export interface TripSwarm {
  swarm: Swarm;
  models: { researcher: ScriptedModel; writer: ScriptedModel };
}

/** The swarm, with session and user as trace attributes on the swarm and on each agent. */
export function tripSwarm(session: { sessionId: string; userId: string }): TripSwarm {
  const traceAttributes = { 'session.id': session.sessionId, 'user.id': session.userId };
  const models = {
    researcher: new ScriptedModel(MODELS.researcher, [
      { tool: 'lookup_trains', input: { route: ROUTE }, usage: USAGE.researcherLookup },
      { tool: 'strands_structured_output', input: { agentId: AGENTS.writer, message: BRIEF }, usage: USAGE.researcherHandoff },
    ]),
    writer: new ScriptedModel(MODELS.writer, [{ tool: 'strands_structured_output', input: { message: ANSWER }, usage: USAGE.writerAnswer }]),
  };
  const researcher = new Agent({
    model: models.researcher,
    id: AGENTS.researcher,
    name: AGENTS.researcher,
    description: 'Researches travel options.',
    systemPrompt: 'You plan trips for customer C-1042. Research the trains, then hand off to the writer. Never book trains over 150 EUR.',
    tools: [lookupTrains],
    traceAttributes,
    printer: false,
  });
  const writer = new Agent({
    model: models.writer,
    id: AGENTS.writer,
    name: AGENTS.writer,
    description: 'Writes the final answer.',
    systemPrompt: 'Write the final answer. Do not hand off.',
    traceAttributes,
    printer: false,
  });
  const swarm = new Swarm({ id: SWARM_ID, nodes: [researcher, writer], start: AGENTS.researcher, maxSteps: 4, traceAttributes });
  return { swarm, models };
}
