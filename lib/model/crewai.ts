import { parseJsonOrUndefined } from '@/lib/domain/json';

/**
 * CrewAI's delegation tools (`tools/agent_tools/`): `Delegate work to
 * coworker` and `Ask question to coworker`, argument `coworker` (the
 * coworker's role). The coworker runs inside the tool call
 * (`BaseAgentTool._execute` calls `execute_task` directly), so no agent span
 * of its own opens: the spans under the tool span are the coworker's
 * (docs/semantic-mapping.md, "Framework structure").
 */
export const CREWAI_DELEGATION_TOOLS: ReadonlySet<string> = new Set(['Delegate work to coworker', 'Ask question to coworker']);

/**
 * The coworker a CrewAI delegation tool span runs, from its JSON `input.value`
 * (read only for those tools: every span passes here); undefined for any other span.
 */
export function crewAiCoworker(tool: string, input: () => unknown): string | undefined {
  if (!CREWAI_DELEGATION_TOOLS.has(tool)) return undefined;
  const inputValue = input();
  if (typeof inputValue !== 'string') return undefined;
  const args = parseJsonOrUndefined(inputValue);
  if (!args || typeof args !== 'object' || Array.isArray(args)) return undefined;
  const coworker = (args as Record<string, unknown>).coworker;
  return typeof coworker === 'string' && coworker.trim() ? coworker.trim() : undefined;
}

/** CrewAI matches a coworker by role with whitespace collapsed, quotes removed and case folded (`BaseAgentTool.sanitize_agent_name`). */
const sanitize = (name: string) => name.split(/\s+/).filter(Boolean).join(' ').replaceAll('"', '').toLowerCase();

/** The known agent a coworker name means, as CrewAI matches it; else the name as written. */
export function coworkerAgent(name: string, known: Iterable<string>): string {
  const key = sanitize(name);
  for (const agent of known) if (agent === name) return agent;
  for (const agent of known) if (sanitize(agent) === key) return agent;
  return name;
}
