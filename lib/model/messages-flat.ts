import type { Message, Reader } from '@/lib/model/messages';
import { toMessage } from '@/lib/model/messages-parts';

/**
 * Conventions that flatten message lists into indexed attributes,
 * `<prefix>.<i>.<suffix>`: OpenInference and OpenLLMetry (Traceloop). Each is
 * unflattened into a `{role, name, content, parts, tool_calls, tool_call_id}`
 * object and read by the shared message reader.
 */

type Flat = Record<string, unknown>;

/** The entries under `<prefix>.<i>.`, by ascending index, each keyed by the rest of its key. */
export function indexed(attrs: Flat, prefix: string): Flat[] {
  const groups = new Map<number, Flat>();
  const head = `${prefix}.`;
  for (const [key, value] of Object.entries(attrs)) {
    if (!key.startsWith(head)) continue;
    const m = /^(\d+)\.(.+)$/.exec(key.slice(head.length));
    if (!m) continue;
    const i = Number(m[1]);
    const group = groups.get(i) ?? {};
    group[m[2] as string] = value;
    groups.set(i, group);
  }
  return [...groups.entries()].sort((x, y) => x[0] - y[0]).map(([, g]) => g);
}

/**
 * OpenInference: `llm.input_messages.<i>.message.role|content|name|tool_call_id`,
 * `.message.contents.<j>.message_content.type|text|image.image.url`,
 * `.message.tool_calls.<k>.tool_call.id|function.name|function.arguments`;
 * the same under `llm.output_messages` (Arize-ai/openinference
 * spec/semantic_conventions.md@1fe497f, reference §2.2). Hidden text is
 * `__REDACTED__` (spec/configuration.md).
 */
function openInferenceContent(c: Flat): Record<string, unknown> {
  const type = c['message_content.type'];
  if (type === 'image') return { type: 'image_url', image_url: { url: c['message_content.image.image.url'] } };
  if (type === 'text' || type === 'reasoning' || type === 'thinking') return { type, text: c['message_content.text'] };
  return { type: typeof type === 'string' ? type : 'unknown' };
}

function openInferenceMessages(attrs: Flat, prefix: string, role: string): Message[] {
  return indexed(attrs, prefix).flatMap((g) => {
    const contents = indexed(g, 'message.contents');
    const calls = indexed(g, 'message.tool_calls').map((t) => ({
      id: t['tool_call.id'],
      function: { name: t['tool_call.function.name'], arguments: t['tool_call.function.arguments'] },
    }));
    return (
      toMessage(
        {
          role: g['message.role'],
          name: g['message.name'],
          content: g['message.content'],
          parts: contents.length > 0 ? contents.map(openInferenceContent) : undefined,
          tool_calls: calls,
          tool_call_id: g['message.tool_call_id'],
        },
        role,
      ) ?? []
    );
  });
}

export const readOpenInference: Reader = ({ attributes: a }) => {
  const input = openInferenceMessages(a, 'llm.input_messages', 'user');
  const output = openInferenceMessages(a, 'llm.output_messages', 'assistant');
  return input.length > 0 || output.length > 0 ? { system: [], input, output, source: 'openinference' } : null;
};

/**
 * OpenLLMetry (Traceloop): `gen_ai.prompt.<i>.role|content|tool_call_id`,
 * `gen_ai.prompt.<i>.tool_calls.<k>.id|name|arguments`,
 * `gen_ai.completion.<i>.role|content|finish_reason|tool_calls.<k>.*`
 * (traceloop/openllmetry packages/opentelemetry-semantic-conventions-ai
 * semconv_ai/__init__.py@93429cf, reference §3.1). Multi-part content is JSON
 * text of the provider's parts. Numeric indexes only: `gen_ai.prompt.version`
 * and friends are OTel prompt-template attributes, not messages.
 */
function openLlmetryMessages(attrs: Flat, prefix: string, role: string): Message[] {
  return indexed(attrs, prefix).flatMap((g) => {
    const calls = indexed(g, 'tool_calls').map((t) => ({ id: t.id, name: t.name, arguments: t.arguments }));
    return toMessage({ role: g.role, content: g.content, tool_calls: calls, tool_call_id: g.tool_call_id, name: g.name }, role) ?? [];
  });
}

export const readOpenLlmetry: Reader = ({ attributes: a }) => {
  const input = openLlmetryMessages(a, 'gen_ai.prompt', 'user');
  const output = openLlmetryMessages(a, 'gen_ai.completion', 'assistant');
  return input.length > 0 || output.length > 0 ? { system: [], input, output, source: 'openllmetry' } : null;
};
