import type { Message, MessagePart, Reader, SpanMessages } from '@/lib/model/messages';
import { isRecord, jsonAttr, jsonText, partsOf, str, textPart, toMessages, toolCall, toolCallsOf, toolResult } from '@/lib/model/messages-parts';

/**
 * Vercel AI SDK ≤ v6 `experimental_telemetry` (vercel/ai
 * content/docs/03-ai-sdk-core/60-telemetry.mdx, reference §3.1):
 * - `ai.prompt.messages` on `*.doGenerate` / `*.doStream` spans: JSON list of
 *   `{role, content}`, content text or parts `text`, `tool-call`
 *   (`toolCallId`, `toolName`, `args` ≤ v4 | `input` v5+), `tool-result`
 *   (`result` | `output`), `image`, `file`, `reasoning`;
 * - `ai.prompt` on the root `ai.generateText` / `ai.streamText` span: JSON
 *   `{system?, prompt?, messages?}`;
 * - `ai.response.text`, `ai.response.object`, `ai.response.toolCalls` (JSON
 *   list of `{toolCallType, toolCallId, toolName, args | input}`);
 * - `ai.toolCall.name|id|args|result` on `ai.toolCall` spans: the tool's input
 *   and output.
 * AI SDK v7 (`@ai-sdk/otel`) emits the OTel GenAI attributes, read before this.
 */

function prompt(v: unknown): { system: MessagePart[]; input: Message[] } {
  const p = jsonAttr(v);
  if (typeof p === 'string') return { system: [], input: toMessages(p, 'user') };
  if (!isRecord(p)) return { system: [], input: [] };
  const input = [...toMessages(p.messages, 'user')];
  if (typeof p.prompt === 'string') input.push(...toMessages(p.prompt, 'user'));
  else if (Array.isArray(p.prompt)) input.push(...toMessages(p.prompt, 'user'));
  return { system: p.system === undefined || p.system === null ? [] : partsOf(p.system), input };
}

function response(a: Record<string, unknown>): Message[] {
  const parts: MessagePart[] = [];
  for (const key of ['ai.response.text', 'ai.response.object']) {
    const v = a[key];
    // Text is '' when the step only called tools: nothing was said, nothing was hidden.
    if (v !== undefined && v !== '') parts.push(typeof v === 'string' ? textPart(v) : textPart(JSON.stringify(v)));
  }
  parts.push(...toolCallsOf(a['ai.response.toolCalls']));
  return parts.length > 0 ? [{ role: 'assistant', parts }] : [];
}

export const readAiSdk: Reader = ({ attributes: a, name }) => {
  const found: SpanMessages = { system: [], input: [], output: response(a), source: 'ai-sdk' };
  if (a['ai.prompt.messages'] !== undefined) found.input = toMessages(jsonAttr(a['ai.prompt.messages']), 'user');
  else if (a['ai.prompt'] !== undefined) Object.assign(found, prompt(a['ai.prompt']));
  const args = a['ai.toolCall.args'] ?? a['ai.toolCall.input'];
  const result = a['ai.toolCall.result'] ?? a['ai.toolCall.output'];
  if (args !== undefined || result !== undefined) {
    const id = a['ai.toolCall.id'];
    const tool = str(a['ai.toolCall.name']) ?? name ?? 'tool';
    if (args !== undefined) found.input.push({ role: 'assistant', parts: [toolCall(id, tool, args)] });
    // The SDK records JSON.stringify(output): a string result arrives as a JSON string literal.
    const output = typeof result === 'string' ? (jsonText(result) ?? result) : result;
    if (result !== undefined) found.output.push({ role: 'tool', parts: [toolResult(id, tool, output)] });
  }
  return found;
};
