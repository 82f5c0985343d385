import { stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';
import { parseJsonOrUndefined } from '@/lib/domain/json';

/**
 * LangGraph and LangChain through OpenInference: the run metadata
 * (`metadata`, a JSON string) names the graph node a span runs
 * (`langgraph_node`) and the thread or session it belongs to. Arize
 * openinference, `openinference-instrumentation-langchain` (spec:
 * `spec/semantic_conventions.md`, attribute `metadata`).
 */

/** Nodes LangGraph adds itself: they run no agent. */
const INTERNAL_NODES = new Set(['__start__', '__end__', 'tools', 'ToolNode']);

function metadata(span: EncodedAttrs): Record<string, unknown> | undefined {
  const raw = stringAttr(span, 'metadata');
  if (!raw || raw[0] !== '{') return undefined;
  const parsed = parseJsonOrUndefined(raw);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/**
 * The graph node a LangGraph node span runs: an OpenInference CHAIN span
 * named after its own `langgraph_node`. In multi-agent graphs (supervisor,
 * swarm) each such node is an agent.
 */
export function langgraphNode(span: EncodedAttrs, name: string): string | undefined {
  if (stringAttr(span, 'openinference.span.kind')?.toUpperCase() !== 'CHAIN') return undefined;
  const node = metadata(span)?.langgraph_node;
  return typeof node === 'string' && node === name && !INTERNAL_NODES.has(node) ? node : undefined;
}

/** The session LangChain run metadata names: `session_id`, else `conversation_id`, else `thread_id`. */
export function metadataSession(span: EncodedAttrs): string | undefined {
  const m = metadata(span);
  if (!m) return undefined;
  for (const key of ['session_id', 'conversation_id', 'thread_id']) {
    const v = m[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}
