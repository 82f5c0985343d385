import { parseJsonOrUndefined } from '@/lib/domain/json';
import type { Message, MessagePart } from '@/lib/model/messages';

/**
 * Shared readers for message content, whatever the convention: one part
 * reader that knows the part shapes of the OTel GenAI message schema, the
 * Vercel AI SDK, and the provider payloads instrumentations copy verbatim
 * (OpenAI, Anthropic, Bedrock Converse), and one message reader for
 * `{role, name?, parts | content, tool_calls?, tool_call_id?}` objects.
 * Nothing here throws: values of the wrong type degrade to fewer parts or to
 * `unknown` parts.
 */

/** OpenInference's placeholder for hidden content (Arize-ai/openinference spec/configuration.md@1fe497f). */
export const REDACTED = '__REDACTED__';

export const redacted = (): MessagePart => ({ type: 'unknown', reason: 'redacted' });
export const unsupported = (): MessagePart => ({ type: 'unknown', reason: 'unsupported' });

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** JSON text parsed, or undefined when it is not valid JSON. */
export function jsonText(text: string): unknown {
  return parseJsonOrUndefined(text);
}

/**
 * An attribute defined to hold JSON (`gen_ai.input.messages`, `ai.prompt.messages`…):
 * structured values as they are, JSON text parsed. Text that starts like JSON
 * but does not parse (e.g. truncated by an SDK length limit) is undefined;
 * other text is returned as is, for emitters that put plain text there.
 */
export function jsonAttr(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (t.startsWith('[') || t.startsWith('{')) return jsonText(t);
  if (t.startsWith('"')) return jsonText(t) ?? v;
  return v;
}

/** Tool arguments and results: JSON text of an object or array parsed, anything else as is. */
function structured(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t.startsWith('[') && !t.startsWith('{')) return v;
  const parsed = jsonText(t);
  return parsed === undefined ? v : parsed;
}

const BLOCK_KEYS = ['text', 'toolUse', 'toolResult', 'reasoningContent', 'image', 'document'];
const looksLikePart = (v: unknown) => isRecord(v) && (typeof v.type === 'string' || BLOCK_KEYS.some((k) => k in v));

/**
 * Message content given as text that is really a JSON list of parts (OpenLLMetry
 * and legacy events serialize multi-part content this way): the parsed list.
 * Any other text stays text.
 */
export function contentValue(v: unknown): unknown {
  if (typeof v !== 'string' || !v.trim().startsWith('[')) return v;
  const parsed = jsonText(v.trim());
  return Array.isArray(parsed) && parsed.length > 0 && parsed.every(looksLikePart) ? parsed : v;
}

/** Text (or reasoning): a string; absent, empty or `__REDACTED__` is redacted, never empty text. */
export function textPart(content: unknown, type: 'text' | 'reasoning' = 'text'): MessagePart {
  if (content === undefined || content === null || content === '' || content === REDACTED) return redacted();
  if (typeof content !== 'string') return unsupported();
  return { type, content };
}

export function toolCall(id: unknown, name: unknown, args: unknown): MessagePart {
  const toolName = str(name);
  if (!toolName) return unsupported();
  const part: MessagePart = { type: 'tool_call', name: toolName, arguments: args === REDACTED || args === null ? undefined : structured(args) };
  const callId = str(id);
  return callId ? { ...part, id: callId } : part;
}

export function toolResult(id: unknown, name: unknown, result: unknown): MessagePart {
  if (result === undefined || result === null || result === REDACTED) return redacted();
  const part: { type: 'tool_result'; id?: string; name?: string; result: unknown } = { type: 'tool_result', result: structured(result) };
  const callId = str(id);
  const toolName = str(name);
  if (callId) part.id = callId;
  if (toolName) part.name = toolName;
  return part;
}

const MODALITIES = new Set(['image', 'audio', 'video', 'document']);

/** A URI worth showing: not an inline `data:` URL (those repeat the bytes). */
function mediaPart(modality: unknown, mimeType: unknown, uri: unknown): MessagePart {
  const part: { type: 'media'; modality?: string; mimeType?: string; uri?: string } = { type: 'media' };
  let mime = str(mimeType);
  const link = str(uri);
  if (link?.startsWith('data:')) mime ??= /^data:([^;,]+)/.exec(link)?.[1];
  else if (link && /^[a-z][a-z0-9+.-]*:/i.test(link)) part.uri = link;
  const kind = str(modality) ?? (mime && MODALITIES.has(mime.split('/')[0] ?? '') ? mime.split('/')[0] : undefined);
  if (kind) part.modality = kind;
  if (mime) part.mimeType = mime;
  return part;
}

function typedPart(p: Record<string, unknown>, type: string): MessagePart {
  const mime = p.mime_type ?? p.mimeType ?? p.mediaType;
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return textPart(p.content ?? p.text);
    case 'reasoning':
    case 'thinking':
      return textPart(p.content ?? p.text ?? p.thinking, 'reasoning');
    case 'redacted_thinking':
      return redacted();
    case 'tool_call': // OTel GenAI
      return toolCall(p.id, p.name, p.arguments);
    case 'server_tool_call':
      return toolCall(p.id, p.name, p.server_tool_call);
    case 'tool-call': // Vercel AI SDK
      return toolCall(p.toolCallId, p.toolName, p.input ?? p.args);
    case 'tool_use': // Anthropic
      return toolCall(p.id, p.name, p.input);
    case 'tool_call_response':
      return toolResult(p.id, p.name, p.response ?? p.result);
    case 'server_tool_call_response':
      return toolResult(p.id, p.name, p.server_tool_call_response);
    case 'tool-result': // AI SDK v5+ wraps the output as {type: 'text' | 'json' | …, value}
      return toolResult(p.toolCallId, p.toolName, isRecord(p.output) && 'value' in p.output ? p.output.value : (p.output ?? p.result));
    case 'tool_result':
      return toolResult(p.tool_use_id ?? p.id, p.name, p.content);
    case 'blob':
      return mediaPart(p.modality, mime, undefined);
    case 'uri':
      return mediaPart(p.modality, mime, p.uri);
    case 'file':
      return mediaPart(p.modality, mime, p.uri ?? p.url ?? p.data);
    case 'image':
      return mediaPart('image', mime, p.image ?? p.url);
    case 'image_url':
      return mediaPart('image', mime, isRecord(p.image_url) ? p.image_url.url : p.image_url);
    case 'input_image':
      return mediaPart('image', mime, p.image_url);
    case 'audio':
    case 'input_audio':
      return mediaPart('audio', mime, p.url);
    case 'compaction': // OTel CompactionPart (PR #162): a summary when not encrypted
      return textPart(p.content);
    default:
      return unsupported();
  }
}

/** Bedrock Converse content blocks (`{text}`, `{toolUse}`, `{toolResult}`…), as Strands records them. */
function blockPart(p: Record<string, unknown>): MessagePart {
  if ('text' in p) return textPart(p.text);
  if (isRecord(p.toolUse)) return toolCall(p.toolUse.toolUseId, p.toolUse.name, p.toolUse.input);
  if (isRecord(p.toolResult)) return toolResult(p.toolResult.toolUseId, undefined, p.toolResult.content);
  if (isRecord(p.reasoningContent)) {
    const r = p.reasoningContent.reasoningText;
    return isRecord(r) ? textPart(r.text, 'reasoning') : redacted();
  }
  for (const kind of ['image', 'document', 'video']) {
    if (isRecord(p[kind])) return mediaPart(kind, undefined, undefined);
  }
  return unsupported();
}

/** One part of any known shape; a bare string is text. */
export function toPart(p: unknown): MessagePart {
  if (typeof p === 'string') return textPart(p);
  if (!isRecord(p)) return unsupported();
  return typeof p.type === 'string' ? typedPart(p, p.type) : blockPart(p);
}

/** Content: text, a list of parts, or one part. Empty text yields no part. */
export function partsOf(content: unknown): MessagePart[] {
  const v = contentValue(content);
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(toPart);
  return [toPart(v)];
}

/** OpenAI-style `tool_calls`: `{id, function: {name, arguments}}`, or flat `{id, name, arguments}`. */
export function toolCallsOf(v: unknown): MessagePart[] {
  const list = jsonAttr(v);
  if (!Array.isArray(list)) return [];
  return list.map((c) => {
    if (!isRecord(c)) return unsupported();
    const fn = isRecord(c.function) ? c.function : c;
    return toolCall(c.id ?? c.toolCallId, fn.name ?? c.toolName, fn.arguments ?? c.input ?? c.args);
  });
}

/**
 * One message. `parts` (OTel) wins over `content`; a `tool` message whose
 * content is text is that tool's result. A message with no part at all had
 * its content left out by the instrumentation: one redacted part.
 */
export function toMessage(m: unknown, defaultRole: string): Message | null {
  if (typeof m === 'string') return { role: defaultRole, parts: [textPart(m)] };
  if (!isRecord(m) || !['role', 'parts', 'content', 'tool_calls', 'toolCalls'].some((k) => k in m)) return null;
  const role = str(m.role) ?? defaultRole;
  const content = contentValue(m.content);
  let parts: MessagePart[];
  if (Array.isArray(m.parts)) parts = m.parts.map(toPart);
  else if (role === 'tool' && !Array.isArray(content) && content !== undefined && content !== '') {
    parts = [toolResult(m.tool_call_id ?? m.toolCallId ?? m.id, undefined, content)];
  } else parts = partsOf(content);
  parts.push(...toolCallsOf(m.tool_calls ?? m.toolCalls));
  const message: Message = { role, parts: parts.length > 0 ? parts : [redacted()] };
  const name = str(m.name);
  if (name) message.name = name;
  return message;
}

/**
 * A message list: an array, `{messages: [...]}`, one message object, or text
 * (one message). Messages that name no role get `defaultRole` (`user` for
 * input, `assistant` for output).
 */
export function toMessages(v: unknown, defaultRole: string): Message[] {
  if (isRecord(v) && Array.isArray(v.messages)) return toMessages(v.messages, defaultRole);
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.flatMap((m) => toMessage(m, defaultRole) ?? []);
}
