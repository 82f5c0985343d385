import type { Message, MessagePart, Reader, SpanMessages } from '@/lib/model/messages';
import { contentValue, isRecord, jsonAttr, partsOf, str, toMessage, toMessages, toolCall, toolResult } from '@/lib/model/messages-parts';

/**
 * The OpenTelemetry GenAI conventions, current and legacy.
 *
 * Current: `gen_ai.system_instructions`, `gen_ai.input.messages` and
 * `gen_ai.output.messages` (type `any`: structured, or JSON text on spans) as
 * span attributes or on `gen_ai.client.inference.operation.details` events;
 * messages are `{role, parts, name?}` with parts `text`, `tool_call`,
 * `tool_call_response`, `server_tool_call*`, `reasoning`, `blob`, `file`,
 * `uri`, `compaction` (open-telemetry/semantic-conventions-genai
 * model/gen-ai/gen-ai-input-messages.json@2b902ce, events.yaml@0387091;
 * reference §1.4-1.6). On `execute_tool` spans, `gen_ai.tool.call.arguments`
 * and `gen_ai.tool.call.result` (registry.yaml@002c8a6).
 *
 * Legacy (semantic conventions ≤ v1.36, still emitted by Strands and Pydantic AI
 * v1): events `gen_ai.system.message`, `gen_ai.user.message`,
 * `gen_ai.assistant.message` (`content`, `tool_calls`), `gen_ai.tool.message`
 * (`content`, `id`), `gen_ai.choice` (`message`, `index`, `finish_reason`),
 * and the older `gen_ai.prompt` / `gen_ai.completion` JSON attributes
 * (reference §1.6).
 */

export const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';

/**
 * A key's values: the span attribute when set, else the key on every details
 * event in order (Strands records input and output on separate events).
 */
function gather(src: Parameters<Reader>[0], key: string): unknown[] {
  if (key in src.attributes) return [src.attributes[key]];
  return (src.events ?? []).filter((e) => e.name === DETAILS_EVENT && key in e.attributes).map((e) => e.attributes[key]);
}

/** System instructions: a list of parts, one part, or text. */
function instructionParts(v: unknown): MessagePart[] {
  const parsed = jsonAttr(v);
  if (parsed === undefined || parsed === null) return [];
  if (isRecord(parsed) && Array.isArray(parsed.parts)) return partsOf(parsed.parts);
  if (typeof parsed !== 'string' && !Array.isArray(parsed) && !isRecord(parsed)) return [];
  return partsOf(parsed);
}

export const readOtelGenAi: Reader = (src) => {
  const system = gather(src, 'gen_ai.system_instructions').flatMap(instructionParts);
  const input = gather(src, 'gen_ai.input.messages').flatMap((v) => toMessages(jsonAttr(v), 'user'));
  const output = gather(src, 'gen_ai.output.messages').flatMap((v) => toMessages(jsonAttr(v), 'assistant'));
  return { system, input, output, source: 'gen_ai.input.messages' };
};

export const readOtelToolCall: Reader = ({ attributes: a, name }) => {
  const args = a['gen_ai.tool.call.arguments'];
  const result = a['gen_ai.tool.call.result'];
  if (args === undefined && result === undefined) return null;
  const id = a['gen_ai.tool.call.id'];
  const tool = str(a['gen_ai.tool.name']) ?? name?.replace(/^execute_tool /, '') ?? 'tool';
  const found: SpanMessages = { system: [], input: [], output: [], source: 'gen_ai.tool.call' };
  if (args !== undefined) found.input.push({ role: 'assistant', parts: [toolCall(id, tool, args)] });
  if (result !== undefined) found.output.push({ role: 'tool', parts: [toolResult(id, tool, result)] });
  return found;
};

const LEGACY_ROLES: Readonly<Record<string, string>> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

const isMessageObject = (v: unknown): v is Record<string, unknown> =>
  isRecord(v) && ('content' in v || 'tool_calls' in v || 'role' in v);

/** A legacy event's `content` / `message`: JSON text of a message or of content blocks, else plain text. */
function legacyValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (!v.trim().startsWith('{')) return contentValue(v);
  const parsed = jsonAttr(v);
  return isMessageObject(parsed) ? parsed : v;
}

function legacyMessage(attrs: Record<string, unknown>, field: string, role: string): Message | null {
  const body = legacyValue(attrs[field]);
  const fields = isMessageObject(body) ? body : { content: body };
  return toMessage(
    {
      role: str(fields.role) ?? str(attrs.role) ?? role,
      content: fields.content,
      tool_calls: fields.tool_calls ?? attrs.tool_calls,
      tool_call_id: fields.id ?? attrs.id,
      name: fields.name ?? attrs.name,
    },
    role,
  );
}

export const readLegacyGenAi: Reader = ({ attributes: a, events = [] }) => {
  const found: SpanMessages = { system: [], input: [], output: [], source: 'gen_ai events (legacy)' };
  for (const e of events) {
    const role = LEGACY_ROLES[e.name];
    const m = role ? legacyMessage(e.attributes, 'content', role) : e.name === 'gen_ai.choice' ? legacyMessage(e.attributes, 'message', 'assistant') : null;
    if (m) (role ? found.input : found.output).push(m);
  }
  if (found.input.length > 0 || found.output.length > 0) return found;
  if (a['gen_ai.prompt'] === undefined && a['gen_ai.completion'] === undefined) return null;
  return {
    system: [],
    input: toMessages(jsonAttr(a['gen_ai.prompt']), 'user'),
    output: toMessages(jsonAttr(a['gen_ai.completion']), 'assistant'),
    source: 'gen_ai.prompt',
  };
};
