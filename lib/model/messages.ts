import { readAiSdk } from '@/lib/model/messages-aisdk';
import { readGenkit } from '@/lib/model/messages-genkit';
import { readOpenInference, readOpenLlmetry } from '@/lib/model/messages-flat';
import { readLegacyGenAi, readOtelGenAi, readOtelToolCall } from '@/lib/model/messages-otel';
import { isRecord, jsonText, toMessages, toolCall, toolResult, textPart, str } from '@/lib/model/messages-parts';

/**
 * The messages of a span (docs/semantic-mapping.md, "Messages"): what the model or agent
 * was given and what it answered, in one shape whatever convention the app
 * emits, for the UI to render and the analysis to read. Pure: no I/O.
 *
 * Conventions are tried in order and the first that yields anything wins
 * (docs/semantic-mapping.md, "Messages"); `source` names it. A convention
 * whose keys are present but unreadable (invalid JSON, wrong types) yields
 * nothing, so the next one is tried.
 *
 * Redacted or absent content is "unknown", never "empty": a part or message
 * whose content the instrumentation did not record (or replaced with
 * OpenInference's `__REDACTED__`) becomes `{ type: 'unknown', reason: 'redacted' }`.
 * A tool call whose arguments were not recorded keeps its name and id with
 * `arguments` undefined. Part types this model does not know become
 * `{ type: 'unknown', reason: 'unsupported' }`.
 *
 * System instructions: `system` holds every instruction the model was given,
 * i.e. `gen_ai.system_instructions` (or AI SDK `ai.prompt.system`) plus the
 * parts of every input message whose role is `system` or `developer`. Those
 * messages also stay in `input`, in their place, because conventions that carry
 * instructions as messages (OpenInference, OpenLLMetry, AI SDK, legacy events,
 * OTel input messages with role system) record where they sat in the
 * conversation. A renderer that shows `system` separately skips input messages
 * with those roles; `contextText` does the same.
 */

export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments: unknown }
  | { type: 'tool_result'; id?: string; name?: string; result: unknown }
  | { type: 'reasoning'; content: string }
  | { type: 'media'; modality?: string; mimeType?: string; uri?: string }
  | { type: 'unknown'; reason: 'redacted' | 'unsupported' };

export interface Message {
  role: string;
  /** The participant (agent) that authored the message, when the convention says. */
  name?: string;
  parts: MessagePart[];
}

export interface SpanMessages {
  system: MessagePart[];
  input: Message[];
  output: Message[];
  /** The convention the messages were read from, e.g. `gen_ai.input.messages`, `openinference`. */
  source: string;
}

/** Attribute values as decoded for the API (`AttrValue`), or any JSON; readers check every type. */
type Attributes = Record<string, unknown>;

export interface MessageEvent {
  name: string;
  attributes: Attributes;
}

export interface MessageSource {
  /** Decoded span attributes (structured values as arrays/objects, or JSON text). */
  attributes: Attributes;
  events?: readonly MessageEvent[];
  /** Span name, used as the tool name of tool spans that name none. */
  name?: string;
  /** Baton span type (`llm`, `tool`, …). */
  type?: string;
}

/** What one convention reader returns: null when its keys are absent or yield nothing. */
export type Reader = (src: MessageSource) => SpanMessages | null;

/** Roles whose messages are instructions; their parts are copied into `system`. */
export const INSTRUCTION_ROLES: ReadonlySet<string> = new Set(['system', 'developer']);

/**
 * OpenInference generic spans: `input.value` / `output.value` with
 * `input.mime_type` / `output.mime_type` (Arize-ai/openinference
 * spec/semantic_conventions.md@1fe497f, reference §2.2). JSON that is a message
 * list (or `{messages: [...]}`) is read as messages; any other value is one
 * user (input) or assistant (output) text message. On tool spans the input is
 * the tool's arguments and the output its result.
 */
const readValues: Reader = ({ attributes: a, name, type }) => {
  const input = a['input.value'];
  const output = a['output.value'];
  if (input === undefined && output === undefined) return null;
  const found: SpanMessages = { system: [], input: [], output: [], source: 'input.value' };
  if (type === 'tool') {
    const id = str(a['tool_call.id']) ?? str(a['tool.id']) ?? str(a['gen_ai.tool.call.id']);
    const tool = str(a['tool.name']) ?? str(a['gen_ai.tool.name']) ?? name ?? 'tool';
    if (input !== undefined) found.input.push({ role: 'assistant', parts: [toolCall(id, tool, input)] });
    if (output !== undefined) found.output.push({ role: 'tool', parts: [toolResult(id, tool, output)] });
    return found;
  }
  found.input = valueMessages(input, a['input.mime_type'], 'user');
  found.output = valueMessages(output, a['output.mime_type'], 'assistant');
  return found;
};

function valueMessages(value: unknown, mime: unknown, role: string): Message[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string' && mime !== 'application/json') return [{ role, parts: [textPart(value)] }];
  const parsed = typeof value === 'string' ? jsonText(value) : value;
  const list = Array.isArray(parsed) ? parsed : isRecord(parsed) && Array.isArray(parsed.messages) ? parsed.messages : undefined;
  if (list && list.length > 0 && list.every((m) => isRecord(m) && typeof m.role === 'string')) return toMessages(list, role);
  return typeof value === 'string' ? [{ role, parts: [textPart(value)] }] : [];
}

/** Precedence: docs/semantic-mapping.md, "Messages". */
const READERS: readonly Reader[] = [
  readOtelGenAi,
  readOtelToolCall,
  readLegacyGenAi,
  readOpenInference,
  readOpenLlmetry,
  readAiSdk,
  readGenkit,
  readValues,
];

function copyInstructions(found: SpanMessages): SpanMessages {
  const seen = new Set(found.system.map((p) => JSON.stringify(p)));
  for (const m of found.input) {
    if (!INSTRUCTION_ROLES.has(m.role)) continue;
    for (const p of m.parts) {
      const key = JSON.stringify(p);
      if (seen.has(key)) continue;
      seen.add(key);
      found.system.push(p);
    }
  }
  return found;
}

/** The messages a span carries, or null when it carries none in any known convention. */
export function readMessages(src: MessageSource): SpanMessages | null {
  for (const read of READERS) {
    let found: SpanMessages | null;
    try {
      found = read(src);
    } catch {
      // Readers do not throw on bad input; this guards the API against a reader bug.
      found = null;
    }
    if (found && (found.system.length > 0 || found.input.length > 0 || found.output.length > 0)) return copyInstructions(found);
  }
  return null;
}
