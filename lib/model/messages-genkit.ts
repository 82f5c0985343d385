import type { Message, MessagePart, Reader, SpanMessages } from '@/lib/model/messages';
import { isRecord, jsonAttr, str, textPart, toolCall, toolResult } from '@/lib/model/messages-parts';

/**
 * Genkit's own spans (docs/semantic-mapping.md, "Genkit (JS)", [R80]): every
 * action's input and output as JSON, `genkit:input` / `genkit:output`.
 * - a model call (and each `generate` round): input a request,
 *   `{messages: [...]}`; output a response, `{message}`;
 * - an agent's turn: input `{message}` (what the turn was given), output
 *   `{message, ...}` (its answer);
 * - a tool (`genkit:metadata:subtype` `tool`): input its arguments, output its
 *   result.
 * A message is `{role, content: [part]}`, roles `system`, `user`, `model`,
 * `tool`; a part is `{text}`, `{reasoning}`, `{toolRequest: {name, ref,
 * input}}`, `{toolResponse: {name, ref, output}}` or `{media: {url,
 * contentType}}` (`@genkit-ai/ai` `src/model-types.ts`, `src/parts.ts`).
 */

function genkitPart(p: unknown): MessagePart {
  if (!isRecord(p)) return { type: 'unknown', reason: 'unsupported' };
  if (typeof p.text === 'string') return textPart(p.text);
  if (typeof p.reasoning === 'string') return textPart(p.reasoning, 'reasoning');
  if (isRecord(p.toolRequest)) return toolCall(p.toolRequest.ref, p.toolRequest.name, p.toolRequest.input);
  if (isRecord(p.toolResponse)) return toolResult(p.toolResponse.ref, p.toolResponse.name, p.toolResponse.output);
  if (isRecord(p.media)) {
    const mimeType = str(p.media.contentType);
    const url = str(p.media.url);
    const part: MessagePart = { type: 'media' };
    if (mimeType) Object.assign(part, { mimeType, modality: mimeType.split('/')[0] });
    if (url && !url.startsWith('data:')) Object.assign(part, { uri: url });
    return part;
  }
  return { type: 'unknown', reason: 'unsupported' };
}

function genkitMessage(m: unknown): Message | null {
  if (!isRecord(m) || typeof m.role !== 'string' || !Array.isArray(m.content)) return null;
  const parts = m.content.map(genkitPart);
  return { role: m.role, parts: parts.length > 0 ? parts : [{ type: 'unknown', reason: 'redacted' }] };
}

/** A request's `messages`, else a turn's one `message`. */
function messagesOf(value: unknown): Message[] {
  if (!isRecord(value)) return [];
  const list = Array.isArray(value.messages) ? value.messages : value.message !== undefined ? [value.message] : [];
  return list.flatMap((m) => genkitMessage(m) ?? []);
}

export const readGenkit: Reader = ({ attributes: a }) => {
  const inputText = a['genkit:input'];
  const outputText = a['genkit:output'];
  if (inputText === undefined && outputText === undefined) return null;
  const input = jsonAttr(inputText);
  const output = jsonAttr(outputText);
  const found: SpanMessages = { system: [], input: [], output: [], source: 'genkit' };
  if (a['genkit:metadata:subtype'] === 'tool') {
    const tool = str(a['genkit:name']) ?? 'tool';
    if (inputText !== undefined) found.input.push({ role: 'model', parts: [toolCall(undefined, tool, input)] });
    if (outputText !== undefined) found.output.push({ role: 'tool', parts: [toolResult(undefined, tool, output)] });
    return found;
  }
  found.input = messagesOf(input);
  found.output = isRecord(output) && output.message !== undefined ? messagesOf({ message: output.message }) : [];
  return found;
};
