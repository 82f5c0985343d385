import { stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';
import { genkitType } from './genkit';
import { iqaiAdkType } from './iqai-adk';
import { langgraphNode, lcAgentRun } from './langgraph';

/**
 * The type of a span in Baton's agent model (docs/semantic-mapping.md, "Type"), from whichever
 * convention names it; first present wins. docs/semantic-mapping.md gives
 * the source of every value.
 */

export const SPAN_TYPES = [
  'agent',
  'workflow',
  'llm',
  'tool',
  'handoff',
  'retrieval',
  'memory',
  'guardrail',
  'other',
] as const;
export type SpanType = (typeof SPAN_TYPES)[number];

/** `gen_ai.operation.name`: the released values, plus those frameworks emit in the wild. */
const OPERATION_TYPES: Record<string, SpanType> = {
  invoke_agent: 'agent',
  create_agent: 'agent',
  invoke_workflow: 'workflow',
  invoke_swarm: 'workflow',
  invoke_graph: 'workflow',
  invoke_node: 'workflow',
  execute_node: 'workflow',
  execute_task: 'workflow',
  conversation: 'workflow',
  initiate_chats: 'workflow',
  chat: 'llm',
  text_completion: 'llm',
  generate_content: 'llm',
  generate_live_content: 'llm',
  embeddings: 'llm',
  execute_tool: 'tool',
  retrieval: 'retrieval',
  handoff: 'handoff',
  agent_handoff: 'handoff',
  goto: 'handoff',
  speaker_selection: 'handoff',
};

const OPENINFERENCE_TYPES: Record<string, SpanType> = {
  AGENT: 'agent',
  CHAIN: 'workflow',
  LLM: 'llm',
  EMBEDDING: 'llm',
  TOOL: 'tool',
  RETRIEVER: 'retrieval',
  RERANKER: 'retrieval',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'other',
  PROMPT: 'other',
};

const TRACELOOP_TYPES: Record<string, SpanType> = {
  agent: 'agent',
  workflow: 'workflow',
  tool: 'tool',
  handoff: 'handoff',
  task: 'other',
};

const NAME_PATTERNS: [RegExp, SpanType][] = [
  [/^(invoke_agent|create_agent)(\s|$)/, 'agent'],
  [/^invoke_workflow(\s|$)/, 'workflow'],
  [/^(chat|text_completion|generate_content|embeddings)(\s|$)/, 'llm'],
  [/^execute_tool(\s|$)/, 'tool'],
  [/^goto\s/, 'handoff'],
  [/\.handoff$/, 'handoff'],
];

/**
 * VoltAgent (`@voltagent/core` `src/agent/open-telemetry/trace-context.ts`):
 * a run carries `entity.type` (`agent`, `workflow`) and no `span.type`; each
 * step of it (`createChildSpan`) the run's attributes and a `span.type`.
 */
const VOLTAGENT_STEP_TYPES: Record<string, SpanType> = {
  llm: 'llm',
  embedding: 'llm',
  tool: 'tool',
  memory: 'memory',
  retriever: 'retrieval',
  vector: 'retrieval',
  guardrail: 'guardrail',
  'workflow-step': 'workflow',
};

function voltAgentType(span: EncodedAttrs): SpanType | undefined {
  const entity = stringAttr(span, 'entity.type');
  if (entity !== 'agent' && entity !== 'workflow') return undefined;
  const step = stringAttr(span, 'span.type');
  if (step === undefined) return entity;
  return VOLTAGENT_STEP_TYPES[step] ?? 'other';
}

/** Vercel AI SDK operation ids: top-level calls are agent runs, provider calls are llm. */
function vercelType(operationId: string): SpanType | undefined {
  if (!operationId.startsWith('ai.')) return undefined;
  if (operationId === 'ai.toolCall') return 'tool';
  if (/\.do(Generate|Stream|Embed)$/.test(operationId)) return 'llm';
  if (/^ai\.(generateText|streamText|generateObject|streamObject)$/.test(operationId)) return 'agent';
  return undefined;
}

export function spanType(span: EncodedAttrs, name: string): SpanType {
  const op = stringAttr(span, 'gen_ai.operation.name');
  if (op !== undefined) {
    const t = OPERATION_TYPES[op];
    if (t) return t;
    if (op.endsWith('_memory') || op.endsWith('_memory_store')) return 'memory';
  }
  const oi = stringAttr(span, 'openinference.span.kind');
  if (oi !== undefined && (langgraphNode(span, name) || lcAgentRun(span, name))) return 'agent';
  if (oi !== undefined && OPENINFERENCE_TYPES[oi.toUpperCase()]) return OPENINFERENCE_TYPES[oi.toUpperCase()] as SpanType;
  const tl = stringAttr(span, 'traceloop.span.kind');
  if (tl !== undefined && TRACELOOP_TYPES[tl]) return TRACELOOP_TYPES[tl] as SpanType;
  // OpenLLMetry's model-call spans carry the request type instead of a span kind.
  if (stringAttr(span, 'llm.request.type') !== undefined) return 'llm';
  // Google ADK's model calls: `call_llm`, `gen_ai.system` = `gcp.vertex.agent`, no operation name (`@google/adk` `src/agents/llm_agent.ts`, `src/telemetry/tracing.ts`).
  if (name === 'call_llm' && stringAttr(span, 'gen_ai.system') === 'gcp.vertex.agent') return 'llm';
  const iqai = iqaiAdkType(span, name);
  if (iqai) return iqai;
  const volt = voltAgentType(span);
  if (volt) return volt;
  const genkit = genkitType(span);
  if (genkit) return genkit;
  const vercel = vercelType(stringAttr(span, 'ai.operationId') ?? name);
  if (vercel) return vercel;
  for (const [pattern, type] of NAME_PATTERNS) if (pattern.test(name)) return type;
  return 'other';
}
