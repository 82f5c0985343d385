import { compareNanos } from '@/lib/domain/time';
import { edge, type AnalysisSpan, type FoundHandoff, type SpanIndex } from './span-index';
import { parseJsonOrUndefined } from '@/lib/domain/json';
import { CREWAI_DELEGATION_TOOLS } from '@/lib/model/crewai';
import { nameInValue } from '@/lib/model/io-value';
import { handoffDestination } from '@/lib/model/langgraph';

/**
 * Handoffs named by framework telemetry (docs/analysis.md, "Handoffs";
 * docs/semantic-mapping.md gives the source of each form):
 *
 * - OTel GenAI proposal (semantic-conventions-genai PR #447): a tool span with
 *   `gen_ai.transfer.target.name`; an agent span with `gen_ai.caller.name`.
 * - Earlier proposal (PR #98): `gen_ai.agent.handoff.source.name` / `.target.name`.
 * - OpenAI Agents SDK handoff spans through OpenLLMetry and the OTel contrib
 *   bridge: `gen_ai.handoff.from_agent` / `gen_ai.handoff.to_agent`; through
 *   OpenInference: a TOOL span `handoff to <agent>` (input.value = from,
 *   output.value = to; JSON `{"from_agent"}` / `{"to_agent"}` when their mime
 *   type says so).
 * - Google ADK: tool `transfer_to_agent`, argument `agent_name` (Python) or
 *   `agentName` (JS), in `gen_ai.tool.call.arguments` or ADK's own
 *   `gcp.vertex.agent.tool_call_args`; IQ AI's ADK-TS: the same tool and
 *   `agent_name`, in `adk.tool_call_args` (`@iqai/adk` `src/telemetry.ts`,
 *   `traceToolCall`).
 * - Handoff tools: `transfer_to_<agent>` (OpenAI Agents, LangGraph supervisor
 *   and swarm; the swarm's tool also names its agent exactly in the run
 *   metadata, `__handoff_destination`, and lower-cases it in the tool name),
 *   `transfer_to_agent` (Google ADK, `agent_name` argument), `handoff_to_agent`
 *   (Strands, `agent_name`), CrewAI's `Delegate work to coworker` and `Ask
 *   question to coworker` (`coworker`).
 * - LangGraph `goto` spans: `langgraph.command.source_node` → `langgraph.command.goto_node`.
 * - OpenInference graph nodes: an agent span's `graph.node.parent_id`, the
 *   `graph.node.id` of the node it came from (an agent name, or an id of
 *   another agent span: Agno), `start` being AutoGen's user turn.
 * - Strands swarms: the agents of one `invoke_swarm` run's nodes, in turn.
 */

/** The attribute keys these rules read; the analyzer loads exactly these. */
export const FRAMEWORK_SIGNAL_KEYS = [
  'gen_ai.transfer.target.name',
  'gen_ai.transfer.mode',
  'gen_ai.caller.name',
  'gen_ai.agent.handoff.source.name',
  'gen_ai.agent.handoff.target.name',
  'gen_ai.handoff.from_agent',
  'gen_ai.handoff.to_agent',
  'gen_ai.tool.call.arguments',
  'gcp.vertex.agent.tool_call_args',
  'adk.tool_call_args',
  'ai.toolCall.args',
  'input.value',
  'input.mime_type',
  'output.value',
  'output.mime_type',
  'graph.node.id',
  'graph.node.parent_id',
  'metadata',
  'langgraph.command.source_node',
  'langgraph.command.goto_node',
  'gen_ai.operation.name',
] as const;

const byStart = (a: AnalysisSpan, b: AnalysisSpan) => compareNanos(a.startNs, b.startNs);

/** A string argument of a tool call, from whichever convention carried the arguments. */
function argument(span: AnalysisSpan, name: string): string | undefined {
  for (const key of ['gen_ai.tool.call.arguments', 'gcp.vertex.agent.tool_call_args', 'adk.tool_call_args', 'ai.toolCall.args', 'input.value']) {
    const raw = span.signals[key];
    if (!raw) continue;
    const args = parseJsonOrUndefined(raw); // not JSON (or absurdly deep): no arguments to read
    if (args && typeof args === 'object' && !Array.isArray(args)) {
      const v = (args as Record<string, unknown>)[name];
      if (typeof v === 'string' && v.trim()) return v.trim();
    }
  }
  return undefined;
}

/** The agent a handoff tool hands to, by its name and arguments. */
function handoffToolTarget(span: AnalysisSpan): string | undefined {
  const tool = span.tool || span.name;
  const destination = handoffDestination(span.signals['metadata']);
  if (destination) return destination;
  // ADK for JS names the argument `agentName` (`@google/adk` `src/agents/processors/agent_transfer_llm_request_processor.ts`).
  if (tool === 'transfer_to_agent') return argument(span, 'agent_name') ?? argument(span, 'agentName');
  if (tool === 'handoff_to_agent') return argument(span, 'agent_name');
  if (CREWAI_DELEGATION_TOOLS.has(tool)) return argument(span, 'coworker');
  const m = /^transfer_to_(.+)$/.exec(tool);
  return m?.[1];
}

/** The from and to names a span declares, if it declares a handoff. */
function declared(span: AnalysisSpan, index: SpanIndex): { from: string; to: string } | undefined {
  const s = span.signals;
  if (s['gen_ai.transfer.target.name']) return { from: index.agentOf(span), to: s['gen_ai.transfer.target.name'] };
  if (s['gen_ai.agent.handoff.target.name']) return { from: s['gen_ai.agent.handoff.source.name'] || index.agentOf(span), to: s['gen_ai.agent.handoff.target.name'] };
  if (s['gen_ai.handoff.to_agent']) return { from: s['gen_ai.handoff.from_agent'] || index.agentOf(span), to: s['gen_ai.handoff.to_agent'] };
  const oi = /^handoff to (.+)$/.exec(span.name);
  if (oi) {
    const from = nameInValue(s['input.value'], s['input.mime_type'], 'from_agent');
    return { from: from || index.agentOf(span), to: nameInValue(s['output.value'], s['output.mime_type'], 'to_agent') || (oi[1] as string) };
  }
  if (s['langgraph.command.goto_node']) return { from: s['langgraph.command.source_node'] || index.agentOf(span), to: s['langgraph.command.goto_node'] };
  if (span.type === 'tool' || span.type === 'handoff') {
    const target = handoffToolTarget(span);
    if (target) return { from: index.agentOf(span), to: target };
  }
  return undefined;
}

/**
 * A handoff tool's name carries its agent's name normalized
 * (`transfer_to_<name>`; LangGraph's swarm and supervisor lower-case it and
 * put `_` for whitespace: `@langchain/langgraph-swarm` `src/handoff.ts`,
 * `_normalizeAgentName`): a name no agent has exactly is read as the one
 * agent whose normalized name it is, if there is exactly one.
 */
const normalizedName = (name: string) => name.trim().replace(/\s+/g, '_').toLowerCase();

function agentNamed(name: string, known: ReadonlySet<string>): string {
  if (known.has(name)) return name;
  const key = normalizedName(name);
  const matches = [...known].filter((k) => normalizedName(k) === key);
  return matches.length === 1 ? (matches[0] as string) : name;
}

/**
 * A Strands swarm runs its nodes one at a time under its `invoke_swarm` span
 * (each an `execute_node` span around one agent's `invoke_agent` span), and
 * runs a next node only when the one before handed off to it, naming it in
 * its structured output: `@strands-agents/sdk` `src/multiagent/swarm.ts`
 * (`_stream`: `MultiAgentHandoffEvent` from the node to `handoff.agentId`),
 * `src/telemetry/tracer.ts` (`startMultiAgentSpan`, `startNodeSpan`). So each
 * node's agent after the first received the previous node's handoff.
 */
function swarmHandoffs(index: SpanIndex, declaring: (span: AnalysisSpan) => boolean): FoundHandoff[] {
  const op = (span: AnalysisSpan | undefined) => span?.signals['gen_ai.operation.name'];
  const runs = new Map<string, AnalysisSpan[]>();
  for (const span of index.all()) {
    if (span.type !== 'agent' || !span.agent) continue;
    const node = index.get(span.parentSpanId);
    const swarm = node && op(node) === 'execute_node' ? index.get(node.parentSpanId) : undefined;
    if (!swarm || op(swarm) !== 'invoke_swarm') continue;
    runs.set(swarm.spanId, [...(runs.get(swarm.spanId) ?? []), span]);
  }
  const found: FoundHandoff[] = [];
  for (const agents of runs.values()) {
    agents.sort(byStart);
    agents.forEach((to, i) => {
      const from = agents[i - 1];
      if (from && from.agent !== to.agent && declaring(to)) found.push(edge('framework', from, to, { from: from.agent, to: to.agent }, to.startNs));
    });
  }
  return found;
}

/** Framework handoffs declared by the spans `declaring` picks (all by default). */
export function viaFramework(index: SpanIndex, declaring: (span: AnalysisSpan) => boolean = () => true): FoundHandoff[] {
  const found: FoundHandoff[] = swarmHandoffs(index, declaring);
  const agentSpans = [...index.all()].filter((s) => s.type === 'agent' && s.agent).sort(byStart);
  const known = new Set(agentSpans.map((a) => a.agent));
  const nodes = nodeIds(agentSpans);
  /** The agent span of that name around or before `at`: an ancestor, else the latest one that started before. */
  const sender = (name: string, at: AnalysisSpan): AnalysisSpan | undefined => {
    for (let a = index.agentSpan(at); a; a = index.agentSpan(a, false)) if (a.agent === name) return a;
    return agentSpans.filter((a) => a.agent === name && a.traceId === at.traceId && compareNanos(a.startNs, at.startNs) <= 0).pop();
  };
  /** The first agent span of that name starting at or after `at`, in its trace. */
  const receiver = (name: string, at: AnalysisSpan, not?: AnalysisSpan): AnalysisSpan | undefined =>
    agentSpans.find((a) => a.agent === name && a.traceId === at.traceId && compareNanos(a.startNs, at.startNs) >= 0 && a !== not);

  for (const span of index.all()) {
    if (!declaring(span)) continue;
    const declaredNames = declared(span, index);
    const names = declaredNames && { from: agentNamed(declaredNames.from, known), to: agentNamed(declaredNames.to, known) };
    if (names && names.to !== names.from) {
      const from = sender(names.from, span);
      // A CrewAI coworker runs inside the delegation tool call, with no agent span of its own: the tool span receives.
      const to = span.type === 'tool' && CREWAI_DELEGATION_TOOLS.has(span.tool || span.name) ? span : receiver(names.to, span, from);
      found.push(edge('framework', from, to, names, span.startNs, undefined, span.spanId));
    }
    if (span.type !== 'agent' || !span.agent) continue;
    // The receiving agent names where it came from.
    const caller = span.signals['gen_ai.caller.name'] || callerNode(span, nodes, known);
    if (typeof caller === 'object') {
      if (caller.agent !== span.agent) found.push(edge('framework', caller, span, { from: caller.agent, to: span.agent }, span.startNs, undefined, span.spanId));
    } else if (caller && caller !== span.agent) {
      found.push(edge('framework', sender(caller, index.agentSpan(span, false) ?? span), span, { from: caller, to: span.agent }, span.startNs, undefined, span.spanId));
    }
  }
  return found;
}

/** Agent spans by their OpenInference `graph.node.id`, where it is not the agent's name (Agno's per-run ids). */
function nodeIds(agentSpans: readonly AnalysisSpan[]): Map<string, AnalysisSpan> {
  const nodes = new Map<string, AnalysisSpan>();
  for (const s of agentSpans) {
    const id = s.signals['graph.node.id'];
    if (id && id !== s.agent && !nodes.has(id)) nodes.set(id, s);
  }
  return nodes;
}

/**
 * The node an OpenInference `graph.node.parent_id` names: the agent span
 * whose `graph.node.id` it is (Agno gives each run a random node id and its
 * members the team run's), else the name as written (OpenAI Agents, CrewAI
 * and AutoGen use agent names as node ids). AutoGen AgentChat's
 * instrumentation writes `start` for a turn begun by the user's message
 * (`_get_input_source`): no caller, unless an agent is named so.
 */
function callerNode(span: AnalysisSpan, nodes: ReadonlyMap<string, AnalysisSpan>, known: ReadonlySet<string>): AnalysisSpan | string | undefined {
  const parent = span.signals['graph.node.parent_id'];
  if (!parent) return undefined;
  const node = nodes.get(parent);
  if (node) return node;
  return parent === 'start' && !known.has(parent) ? undefined : parent;
}
