import { parseJsonOrUndefined } from '@/lib/domain/json';

/**
 * OpenInference input and output values (`input.value`, `output.value`) are
 * text whose format their mime type gives (`input.mime_type`,
 * `output.mime_type`: `text/plain`, the default, or `application/json`;
 * openinference `spec/semantic_conventions.md`). A value read as a name is
 * parsed first when its mime type says JSON: the OpenAI Agents SDK's handoff
 * span carries `{"from_agent": …}` and `{"to_agent": …}`
 * (`openinference-instrumentation-openai-agents` `src/processor.ts`).
 */

/** `application/json`, or any `…/…+json`, parameters aside. */
export function isJsonMime(mimeType: string | undefined): boolean {
  const essence = mimeType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^[a-z]+\/[\w.+-]+\+json$/.test(essence);
}

/**
 * The name an input or output value carries: the text itself (plain text),
 * or when the mime type says JSON, the JSON string, or the string under `key`
 * of a JSON object. Undefined when there is none: JSON that does not parse or
 * names nothing is never taken for a name.
 */
export function nameInValue(value: string | undefined, mimeType: string | undefined, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isJsonMime(mimeType)) return value.trim() || undefined;
  const parsed = parseJsonOrUndefined(value);
  const named = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)[key] : parsed;
  return typeof named === 'string' && named.trim() ? named.trim() : undefined;
}
