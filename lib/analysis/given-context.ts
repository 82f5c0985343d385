/**
 * What an agent was given, as text: its system instructions and input
 * messages in the OTel GenAI conventions (`gen_ai.system_instructions`,
 * `gen_ai.input.messages`), or OpenInference's `input.value`. Used by the text
 * method of drift for handoffs that carry no snapshots.
 */

/** The attribute keys this reads; loaders fetch only these. */
export const CONTEXT_KEYS = ['gen_ai.system_instructions', 'gen_ai.input.messages', 'input.value'] as const;

function partsText(parts: unknown): string[] {
  if (typeof parts === 'string') return [parts];
  if (!Array.isArray(parts)) return [];
  return parts.flatMap((p) => {
    if (typeof p === 'string') return [p];
    if (p && typeof p === 'object') {
      const part = p as Record<string, unknown>;
      if (typeof part.content === 'string') return [part.content];
      if (typeof part.text === 'string') return [part.text];
      if (Array.isArray(part.parts)) return partsText(part.parts);
    }
    return [];
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function contextText(attrs: Record<string, string>): string | null {
  const pieces: string[] = [];
  const instructions = attrs['gen_ai.system_instructions'];
  if (instructions) pieces.push(...partsText(parse(instructions)));
  const messages = attrs['gen_ai.input.messages'];
  if (messages) {
    const parsed = parse(messages);
    if (Array.isArray(parsed)) {
      for (const m of parsed) {
        if (m && typeof m === 'object') {
          const msg = m as Record<string, unknown>;
          pieces.push(...partsText(msg.parts ?? msg.content));
        }
      }
    } else if (typeof parsed === 'string') pieces.push(parsed);
  }
  if (pieces.length === 0 && attrs['input.value']) pieces.push(attrs['input.value']);
  const text = pieces.join('\n').trim();
  return text === '' ? null : text;
}
