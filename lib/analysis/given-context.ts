import { INSTRUCTION_ROLES, readMessages, type MessagePart } from '@/lib/model/messages';

/**
 * What an agent was given, as text: its system instructions and the text of
 * its input messages, read by the message model (`lib/model/messages.ts`) from
 * whichever convention the span attributes use (docs/semantic-mapping.md,
 * "Messages"). Used by the text method of drift for handoffs that carry no
 * snapshots. Redacted parts, tool calls, tool results and media add no text.
 */

/** The attribute keys this reads; loaders fetch these, and the keys under CONTEXT_PREFIXES. */
export const CONTEXT_KEYS = [
  'gen_ai.system_instructions',
  'gen_ai.input.messages',
  'gen_ai.prompt',
  'ai.prompt',
  'ai.prompt.messages',
  'input.value',
  'genkit:input',
] as const;

/** Flattened conventions: OpenInference `llm.input_messages.<i>.*`, OpenLLMetry `gen_ai.prompt.<i>.*`. */
export const CONTEXT_PREFIXES = ['llm.input_messages.', 'gen_ai.prompt.'] as const;

const partText = (p: MessagePart): string[] => (p.type === 'text' || p.type === 'reasoning' ? [p.content] : []);

function givenText(attrs: Record<string, string>): string[] {
  const messages = readMessages({ attributes: attrs });
  if (!messages) return [];
  // `system` already holds the parts of system-role input messages; skip those messages.
  const pieces = messages.system.flatMap(partText);
  for (const m of messages.input) if (!INSTRUCTION_ROLES.has(m.role)) pieces.push(...m.parts.flatMap(partText));
  return pieces;
}

export function contextText(attrs: Record<string, string>): string | null {
  let pieces = givenText(attrs);
  // OTel messages with no text (only tool calls, say) leave the span's `input.value` to speak.
  const value = attrs['input.value'];
  if (pieces.length === 0 && value !== undefined) pieces = givenText({ 'input.value': value });
  const text = pieces.join('\n').trim();
  return text === '' ? null : text;
}
