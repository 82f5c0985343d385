import { tool } from '@langchain/core/tools';
import { createDeepAgent } from 'deepagents';
import { z } from 'zod';
import { ScriptedChatModel, type Usage } from './scripted-chat-model';

/**
 * A Deep Agent (`deepagents`, LangChain's agent harness on LangGraph) as its
 * README shows: `createDeepAgent` with a custom sub-agent (`subagents`), which
 * the main agent runs through Deep Agents' own `task` tool; the sub-agent has
 * a tool of its own. Both on scripted chat models (no network). The main agent
 * is named (`name`), as `createAgent` agents are. Nothing in it knows Baton.
 */

export const AGENTS = { planner: 'planner', researcher: 'researcher' } as const;
export const MODELS = { planner: 'scripted-planner-1', researcher: 'scripted-researcher-1' } as const;
export const TOOLS = { task: 'task', search: 'search_trains' } as const;

/** The usage each model call reports, in call order. */
export const USAGE = {
  plannerDelegate: { input: 900, output: 40 },
  researcherSearch: { input: 300, output: 18 },
  researcherAnswer: { input: 360, output: 45 },
  plannerAnswer: { input: 1100, output: 50 },
} satisfies Record<string, Usage>;

export const QUESTION = 'How do I get from Paris to Vienna overnight?';
export const TASK = 'Find night trains from Paris to Vienna.';
const FINDINGS = 'Nightjet runs Paris–Vienna three times a week; couchettes from 59 EUR.';
export const ANSWER = 'Take the Nightjet: three departures a week, couchettes from 59 EUR.';

export interface TripPlanner {
  /** Runs one request in a thread; resolves with the final answer. */
  run(threadId: string): Promise<string>;
  calls(): Record<keyof typeof AGENTS, number>;
}

export function tripPlanner(): TripPlanner {
  const searchTrains = tool(async () => 'Nightjet NJ 469: Paris Est 19:58, Wien Hbf 10:15, Mon/Thu/Sat.', {
    name: TOOLS.search,
    description: 'Searches night train timetables.',
    schema: z.object({ from: z.string(), to: z.string() }),
  });
  const planner = new ScriptedChatModel(MODELS.planner, [
    { call: { name: TOOLS.task, args: { description: TASK, subagent_type: AGENTS.researcher } }, usage: USAGE.plannerDelegate },
    { text: ANSWER, usage: USAGE.plannerAnswer },
  ]);
  const researcher = new ScriptedChatModel(MODELS.researcher, [
    { call: { name: TOOLS.search, args: { from: 'Paris', to: 'Vienna' } }, usage: USAGE.researcherSearch },
    { text: FINDINGS, usage: USAGE.researcherAnswer },
  ]);
  const agent = createDeepAgent({
    name: AGENTS.planner,
    model: planner,
    systemPrompt: 'You plan trips. Delegate research to the researcher.',
    subagents: [{ name: AGENTS.researcher, description: 'Finds train connections and fares.', systemPrompt: 'You research trains.', tools: [searchTrains], model: researcher }],
  });
  return {
    async run(threadId) {
      const out = await agent.invoke({ messages: [{ role: 'user', content: QUESTION }] }, { configurable: { thread_id: threadId } });
      const last = out.messages.at(-1);
      return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content);
    },
    calls: () => ({ planner: planner.callCount, researcher: researcher.callCount }),
  };
}
