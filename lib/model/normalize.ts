import { countAttr, stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';
import { coworkerAgent } from './crewai';
import { genkitName, genkitSession, genkitUsage } from './genkit';
import { iqaiAdkAgent } from './iqai-adk';
import { langgraphNode, lcAgentRun, metadataSession } from './langgraph';
import { spanType, type SpanType } from './span-type';

export { SPAN_TYPES, spanType, type SpanType } from './span-type';

/**
 * The agent model (docs/semantic-mapping.md): the fields Baton fills on every span from
 * whatever convention the app emits. For each field the first attribute
 * present wins, looked up on the span, then on its resource.
 */

export interface AgentFields {
  project: string;
  service: string;
  sessionId: string;
  userId: string;
  agent: string;
  type: SpanType;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** The tool a tool span executes. */
  tool: string;
}

export const SESSION_KEYS = [
  'session.id',
  'baton.session.id',
  'langfuse.session.id',
  'traceloop.association.properties.session_id',
  'ai.telemetry.metadata.sessionId',
  'mastra.metadata.sessionId',
  'gen_ai.conversation.id',
  'gcp.vertex.agent.session_id',
  'conversation.id',
] as const;

export const USER_KEYS = [
  'user.id',
  'enduser.pseudo.id',
  'enduser.id',
  'traceloop.association.properties.user_id',
  'langfuse.user.id',
  'ai.telemetry.metadata.userId',
  'mastra.metadata.userId',
] as const;

const AGENT_KEYS = ['gen_ai.agent.name', 'agent.name', 'baton.agent.name', 'graph.node.id'] as const;

const MODEL_KEYS = [
  'gen_ai.response.model',
  'gen_ai.request.model',
  'llm.response.model_name',
  'llm.model_name',
  'llm.request.model_name',
  'ai.response.model',
  'ai.model.id',
  'llm.model',
] as const;

const TOOL_KEYS = ['gen_ai.tool.name', 'tool.name', 'ai.toolCall.name'] as const;

const INPUT_TOKEN_KEYS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.token_count.prompt',
  'ai.usage.inputTokens',
  'ai.usage.promptTokens',
  'llm.usage.prompt_tokens',
] as const;

const OUTPUT_TOKEN_KEYS = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.token_count.completion',
  'ai.usage.outputTokens',
  'ai.usage.completionTokens',
  'llm.usage.completion_tokens',
] as const;

type Field = 'project' | 'sessionId' | 'userId' | 'agent' | 'model' | 'inputTokens' | 'outputTokens' | 'tool';

/**
 * Every attribute key normalization looks at, with the field it feeds and its
 * rank (lower wins). One pass over a span's attributes finds the best key per
 * field, instead of probing dozens of keys in every span.
 */
const KEY_INDEX: ReadonlyMap<string, { field: Field; rank: number }> = (() => {
  const index = new Map<string, { field: Field; rank: number }>();
  const add = (field: Field, keys: readonly string[]) => keys.forEach((key, rank) => index.set(key, { field, rank }));
  add('project', ['baton.project']);
  add('sessionId', SESSION_KEYS);
  add('userId', USER_KEYS);
  add('agent', AGENT_KEYS);
  add('model', MODEL_KEYS);
  add('inputTokens', INPUT_TOKEN_KEYS);
  add('outputTokens', OUTPUT_TOKEN_KEYS);
  add('tool', TOOL_KEYS);
  return index;
})();

type Found = Partial<Record<Field, { rank: number; key: string }>>;

/** For each field, the best-ranked key present as a non-empty string (or a count, for tokens). */
function scan(attrs: EncodedAttrs): Found {
  const found: Found = {};
  for (const key in attrs.values) {
    const entry = KEY_INDEX.get(key);
    if (!entry) continue;
    const field = entry.field;
    const usable = field === 'inputTokens' || field === 'outputTokens' ? countAttr(attrs, key) !== undefined : stringAttr(attrs, key) !== undefined;
    if (!usable) continue;
    const best = found[field];
    if (!best || entry.rank < best.rank) found[field] = { rank: entry.rank, key };
  }
  return found;
}

function pick(attrs: EncodedAttrs, found: Found, field: 'project' | 'sessionId' | 'userId' | 'agent' | 'model' | 'tool'): string {
  const hit = found[field];
  return hit ? (stringAttr(attrs, hit.key) as string) : '';
}

function count(attrs: EncodedAttrs, found: Found, field: 'inputTokens' | 'outputTokens'): number {
  const hit = found[field];
  return hit ? (countAttr(attrs, hit.key) as number) : 0;
}

/**
 * Strands' multi-agent orchestration spans put the orchestrator's kind where
 * an agent's name goes: `invoke_swarm` with `gen_ai.agent.name` = `swarm`,
 * `invoke_graph` with `graph` (the orchestrator's own id is in
 * `gen_ai.agent.id`): `@strands-agents/sdk` `src/telemetry/tracer.ts`
 * (`startMultiAgentSpan`). That names no agent; the swarm's agents are its nodes.
 */
const ORCHESTRATION_OPERATIONS = new Set(['invoke_swarm', 'invoke_graph']);

function ownAgent(span: EncodedAttrs, own: Found): string {
  const named = pick(span, own, 'agent');
  const op = stringAttr(span, 'gen_ai.operation.name');
  if (op && ORCHESTRATION_OPERATIONS.has(op) && own.agent?.key === 'gen_ai.agent.name' && named === op.slice('invoke_'.length)) return '';
  return named;
}

/**
 * VoltAgent (`@voltagent/core` `src/agent/open-telemetry/trace-context.ts`,
 * `AgentTraceContext`) puts the same attributes on an agent's run and on every
 * step of it: `entity.type` = `agent` and `entity.name`, the agent; but a
 * sub-agent's run and steps keep `entity.name` the supervisor's and name the
 * sub-agent in `subagent.name` (with `voltagent.is_subagent`).
 */
function voltAgent(span: EncodedAttrs): string {
  if (stringAttr(span, 'entity.type') !== 'agent') return '';
  return stringAttr(span, 'subagent.name') || stringAttr(span, 'entity.name') || '';
}

/** An agent name from a convention that only names agents on certain span kinds. */
function conventionAgent(span: EncodedAttrs, type: SpanType, name: string): string {
  const kind = stringAttr(span, 'traceloop.span.kind');
  if (kind === 'agent' || kind === 'workflow') {
    const entity = stringAttr(span, 'traceloop.entity.name');
    if (entity) return entity;
  }
  const volt = voltAgent(span);
  if (volt) return volt;
  if (type !== 'agent') return '';
  return genkitName(span, 'agent') || (stringAttr(span, 'ai.telemetry.functionId') ?? langgraphNode(span, name) ?? lcAgentRun(span, name) ?? smolagentsRun(span, name) ?? iqaiAdkAgent(span, name) ?? '');
}

/**
 * smolagents through OpenInference names an agent run only in its span name,
 * `<agent name, else class>.run` (`_RunWrapper`), on spans that carry its
 * `smolagents.max_steps` (docs/semantic-mapping.md, [R72]).
 */
function smolagentsRun(span: EncodedAttrs, name: string): string | undefined {
  if (span.values['smolagents.max_steps'] === undefined) return undefined;
  return /^(.+)\.run$/.exec(name)?.[1];
}

/** The tool a tool span runs: a tool attribute, a traceloop tool entity, else the span name (`execute_tool search`). */
function toolName(span: EncodedAttrs, own: Found, name: string): string {
  const named = pick(span, own, 'tool');
  if (named) return named;
  if (stringAttr(span, 'traceloop.span.kind') === 'tool') return stringAttr(span, 'traceloop.entity.name') ?? '';
  return genkitName(span, 'tool') || (/^execute_tool\s+(\S+)/.exec(name)?.[1] ?? '');
}

interface ResourceFields {
  found: Found;
  service: string;
}

/** Spans of one resource share its attributes object: scan it once. */
const resourceCache = new WeakMap<EncodedAttrs, ResourceFields>();

function resourceFields(resource: EncodedAttrs): ResourceFields {
  let fields = resourceCache.get(resource);
  if (!fields) {
    fields = { found: scan(resource), service: stringAttr(resource, 'service.name') ?? '' };
    resourceCache.set(resource, fields);
  }
  return fields;
}

/**
 * The agent-model fields of one span, from its own attributes and its
 * resource only. Inheritance along the span tree (an llm span takes the agent
 * of its nearest agent ancestor) is applied by the caller, which sees the tree.
 */
export function normalizeSpan(span: EncodedAttrs, resource: EncodedAttrs, name: string): AgentFields {
  const type = spanType(span, name);
  const own = scan(span);
  const res = resourceFields(resource);
  const genkit = genkitUsage(span);
  return {
    project: pick(span, own, 'project') || pick(resource, res.found, 'project') || 'default',
    service: res.service || stringAttr(span, 'service.name') || 'unknown_service',
    sessionId: pick(span, own, 'sessionId') || metadataSession(span) || genkitSession(span) || pick(resource, res.found, 'sessionId'),
    userId: pick(span, own, 'userId') || pick(resource, res.found, 'userId'),
    agent: ownAgent(span, own) || conventionAgent(span, type, name) || pick(resource, res.found, 'agent'),
    type,
    model: pick(span, own, 'model') || genkitName(span, 'model'),
    inputTokens: count(span, own, 'inputTokens') || genkit.input,
    outputTokens: count(span, own, 'outputTokens') || genkit.output,
    tool: type === 'tool' || type === 'handoff' ? toolName(span, own, name) : '',
  };
}

export interface TreeNode {
  spanId: string;
  parentSpanId: string;
  fields: Pick<AgentFields, 'agent' | 'sessionId' | 'userId'>;
  /**
   * The agent the span's descendants run as, when another than the span's
   * own: a CrewAI delegation tool runs the coworker inside it (lib/model/crewai.ts).
   */
  runs?: string;
}

/**
 * Fills agent, session and user from the nearest ancestor that has them,
 * within the spans at hand: at ingest, one request (spans whose ancestors
 * arrive in another request keep what they named themselves); when a trace is
 * read, the whole trace.
 */
export function inheritAlongTree(nodes: readonly TreeNode[]): void {
  const byId = new Map<string, TreeNode>();
  for (const n of nodes) byId.set(n.spanId, n);
  const known = new Set(nodes.map((n) => n.fields.agent).filter(Boolean));
  for (const n of nodes) if (n.runs) n.runs = coworkerAgent(n.runs, known);
  const resolve = (n: TreeNode, key: 'agent' | 'sessionId' | 'userId', depth: number): string => {
    if (n.fields[key] || depth > 256) return n.fields[key];
    const parent = n.parentSpanId ? byId.get(n.parentSpanId) : undefined;
    if (!parent || parent === n) return '';
    const inherited = key === 'agent' && parent.runs ? parent.runs : resolve(parent, key, depth + 1);
    n.fields[key] = inherited;
    return inherited;
  };
  for (const n of nodes) {
    resolve(n, 'agent', 0);
    resolve(n, 'sessionId', 0);
    resolve(n, 'userId', 0);
  }
}
