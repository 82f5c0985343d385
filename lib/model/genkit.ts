import { stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';
import { parseJsonOrUndefined } from '@/lib/domain/json';
import type { SpanType } from './span-type';

/**
 * Genkit (`genkit`, `@genkit-ai/core` `src/tracing/instrumentation.ts`,
 * `runInNewSpan`) emits its own names only: every action's span carries
 * `genkit:type` = `action`, `genkit:name` (the action's name) and
 * `genkit:metadata:subtype`, the action's kind (`agent`, `model`, `tool`,
 * `flow`, `retriever`, `embedder`, ...). Its input and output are JSON in
 * `genkit:input` / `genkit:output`; a model's output carries its `usage`
 * (`inputTokens`, `outputTokens`; `@genkit-ai/ai` `src/model-types.ts`,
 * `GenerationUsageSchema`). An agent (`ai.defineAgent`, `src/agent.ts`) records
 * the chat's session as `genkit:metadata:agent:sessionId`; the first Genkit
 * span of a call is marked `genkit:isRoot` (docs/semantic-mapping.md, [R80]).
 */

const GENKIT_TYPES: Record<string, SpanType> = {
  agent: 'agent',
  flow: 'workflow',
  model: 'llm',
  'background-model': 'llm',
  embedder: 'llm',
  tool: 'tool',
  retriever: 'retrieval',
  reranker: 'retrieval',
};

const subtype = (span: EncodedAttrs) => (stringAttr(span, 'genkit:type') === 'action' ? stringAttr(span, 'genkit:metadata:subtype') : undefined);

/** The type of a Genkit action's span; undefined for any other span (and for Genkit's own steps: `generate`, `render`, turns). */
export function genkitType(span: EncodedAttrs): SpanType | undefined {
  const kind = subtype(span);
  return kind === undefined ? undefined : GENKIT_TYPES[kind];
}

/** The action a Genkit span of `kind` runs (the agent, the model, the tool), from `genkit:name`. */
export function genkitName(span: EncodedAttrs, kind: 'agent' | 'model' | 'tool'): string {
  return subtype(span) === kind ? (stringAttr(span, 'genkit:name') ?? '') : '';
}

/**
 * The conversation a Genkit call belongs to: the session of the agent the app
 * called, the root of the call. A sub-agent that another agent delegates to
 * (`@genkit-ai/middleware` `agents()`) runs a chat of its own, with a new
 * session id of its own: it stays in the caller's conversation.
 */
export function genkitSession(span: EncodedAttrs): string {
  // A boolean attribute (`true`), or its text.
  if (span.values['genkit:isRoot'] !== 'true') return '';
  return stringAttr(span, 'genkit:metadata:agent:sessionId') ?? '';
}

/** The tokens a Genkit model action reports in its output's `usage`; zero for any other span. */
export function genkitUsage(span: EncodedAttrs): { input: number; output: number } {
  const none = { input: 0, output: 0 };
  if (subtype(span) !== 'model') return none;
  const output = stringAttr(span, 'genkit:output');
  const parsed = output === undefined ? undefined : parseJsonOrUndefined(output);
  const usage = parsed && typeof parsed === 'object' ? (parsed as { usage?: unknown }).usage : undefined;
  if (!usage || typeof usage !== 'object') return none;
  const tokens = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);
  const u = usage as Record<string, unknown>;
  return { input: tokens(u.inputTokens), output: tokens(u.outputTokens) };
}
