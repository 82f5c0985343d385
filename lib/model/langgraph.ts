import { stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';
import { parseJsonOrUndefined } from '@/lib/domain/json';
import type { SpanType } from './span-type';

/**
 * LangGraph and LangChain through OpenInference: the run metadata
 * (`metadata`, a JSON string) names the graph node a span runs
 * (`langgraph_node`), where in the graph it runs (`langgraph_checkpoint_ns`)
 * and the thread or session it belongs to. Arize openinference,
 * `openinference-instrumentation-langchain` (`src/tracer.ts`, attribute
 * `metadata`); the names are LangGraph's (`@langchain/langgraph`).
 */

/**
 * Nodes LangGraph adds itself, and the nodes of its prebuilt ReAct agent
 * (`createReactAgent`, `src/prebuilt/react_agent_executor.ts`: `agent`,
 * `tools`, the hooks): steps of an agent, never agents.
 */
const INTERNAL_NODES = new Set(['__start__', '__end__', 'tools', 'ToolNode', 'agent', 'pre_model_hook', 'post_model_hook', 'generate_structured_response', 'model_request']);

/**
 * LangChain's `createAgent` (`langchain` `src/agents/ReactAgent.ts`) runs its
 * model in node `model_request` (`AGENT_NODE_NAME`, `src/agents/nodes/AgentNode.ts`),
 * its tools in `tools`, and each middleware hook in a node
 * `<middleware>.before_agent`, `.before_model`, `.after_model` or `.after_agent`.
 */
const MIDDLEWARE_HOOK_NODE = /\.(before_agent|before_model|after_model|after_agent)$/;

const internalNode = (node: string) => INTERNAL_NODES.has(node) || MIDDLEWARE_HOOK_NODE.test(node);

/**
 * LangGraph joins the checkpoint namespaces of nested graphs with `|`
 * (`CHECKPOINT_NAMESPACE_SEPARATOR`, `src/constants.ts`): `billing:<id>|agent:<id>`
 * is the `agent` node of the graph that runs as node `billing`.
 */
const NAMESPACE_SEPARATOR = '|';

type Metadata = Record<string, unknown>;

function parseMetadata(raw: string | undefined): Metadata | undefined {
  if (!raw || raw[0] !== '{') return undefined;
  const parsed = parseJsonOrUndefined(raw);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Metadata) : undefined;
}

const text = (m: Metadata | undefined, key: string): string | undefined => (typeof m?.[key] === 'string' ? (m[key] as string) : undefined);

/**
 * The agent a LangGraph node span runs: an OpenInference CHAIN span named
 * after its own `langgraph_node`, in the outermost graph. In multi-agent
 * graphs (supervisor, swarm) each such node is an agent. Not an agent: the
 * nodes LangGraph and its prebuilt agents add, and every node of a nested
 * graph (a checkpoint namespace with `|`): a named agent's ReAct loop runs its
 * `agent` and `tools` nodes inside that agent, and they are its steps.
 */
export function langgraphNode(span: EncodedAttrs, name: string): string | undefined {
  if (stringAttr(span, 'openinference.span.kind')?.toUpperCase() !== 'CHAIN') return undefined;
  const m = parseMetadata(stringAttr(span, 'metadata'));
  const node = text(m, 'langgraph_node');
  if (node === undefined || node !== name || internalNode(node)) return undefined;
  return text(m, 'langgraph_checkpoint_ns')?.includes(NAMESPACE_SEPARATOR) ? undefined : node;
}

/**
 * The agent a LangChain agent run is: `createAgent({ name })` (`langchain`
 * `src/agents/ReactAgent.ts`) puts `lc_agent_name` in the run metadata of
 * everything the agent runs, and its compiled graph takes the agent's name, so
 * the agent's run is the OpenInference CHAIN span named after its own
 * `lc_agent_name`; the spans inside it (its `model_request` and `tools` nodes,
 * middleware hooks) carry the name too and are its steps. A sub-agent run
 * inside a tool (Deep Agents' `task`) carries its own name.
 */
export function lcAgentRun(span: EncodedAttrs, name: string): string | undefined {
  if (stringAttr(span, 'openinference.span.kind')?.toUpperCase() !== 'CHAIN') return undefined;
  const agent = text(parseMetadata(stringAttr(span, 'metadata')), 'lc_agent_name');
  return agent !== undefined && agent !== '' && agent === name ? agent : undefined;
}

/** The session LangChain run metadata names: `session_id`, else `conversation_id`, else `thread_id`. */
export function metadataSession(span: EncodedAttrs): string | undefined {
  const m = parseMetadata(stringAttr(span, 'metadata'));
  if (!m) return undefined;
  for (const key of ['session_id', 'conversation_id', 'thread_id']) {
    const v = m[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/**
 * The agent a LangGraph handoff tool hands to, from the tool span's run
 * metadata: `@langchain/langgraph-swarm`'s `createHandoffTool` sets the tool's
 * metadata `__handoff_destination` to the agent's own name
 * (`METADATA_KEY_HANDOFF_DESTINATION`, `src/handoff.ts`), which LangChain
 * merges into the run metadata that OpenInference records. The tool's name
 * (`transfer_to_<name>`) has the name lower-cased, with `_` for whitespace.
 */
export function handoffDestination(metadata: string | undefined): string | undefined {
  const v = text(parseMetadata(metadata), '__handoff_destination')?.trim();
  return v || undefined;
}

/**
 * The LangGraph task a span belongs to, from its run metadata (a JSON
 * string): its node and checkpoint namespace, or undefined outside a graph.
 */
export function langgraphTask(metadata: string | undefined): string | undefined {
  const m = parseMetadata(metadata);
  const node = text(m, 'langgraph_node');
  const ns = text(m, 'langgraph_checkpoint_ns');
  return node !== undefined && ns !== undefined ? `${node}\u0000${ns}` : undefined;
}

export interface RunNode {
  spanId: string;
  parentSpanId: string;
  /** `langgraphTask` of the span (needed on agent spans only). */
  task: string | undefined;
  fields: { type: SpanType };
}

/**
 * A compiled graph run by a node of its own name (under `createSupervisor`
 * the supervisor's node is its graph, each worker's node invokes the worker's
 * graph) runs twice over: the node's span, and directly under it the
 * subgraph's own run, with the same name, node and checkpoint namespace. Both
 * would be agent spans of the same agent; the inner one is the same run, so it
 * is typed `workflow`. Applied to the spans at hand (one export request at
 * ingest, the whole trace when it is read).
 */
export function foldSubgraphRuns(nodes: readonly RunNode[]): void {
  const byId = new Map<string, RunNode>();
  for (const n of nodes) byId.set(n.spanId, n);
  const inner = nodes.filter((n) => {
    if (n.fields.type !== 'agent' || n.task === undefined) return false;
    const parent = byId.get(n.parentSpanId);
    return parent !== undefined && parent !== n && parent.fields.type === 'agent' && parent.task === n.task;
  });
  for (const n of inner) n.fields.type = 'workflow';
}
