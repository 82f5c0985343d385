/**
 * JSON from telemetry, read without trusting its shape. `JSON.parse` itself
 * is iterative, but almost everything done with a parsed value afterwards
 * (`JSON.stringify`, flattening facts, comparing values, rendering) recurses,
 * so a value nested a few thousand levels deep overflows the stack. Every
 * JSON text that comes from telemetry is parsed here, with a depth bound
 * checked without recursion; deeper values are refused, never half-read.
 * Objects keep every own key, `__proto__` included (JSON.parse makes it an
 * ordinary own property).
 */

/** Deepest nesting accepted in telemetry values: attribute values, facts, messages (docs/reliability.md). */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests arrays or objects more than `maxDepth` levels deep (a scalar is depth 0). */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  // Depth-first over containers with an explicit stack: no recursion, whatever the input.
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > maxDepth) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: 'invalid' | 'too-deep' };

/** Parses JSON text, refusing values nested deeper than `maxDepth`. */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonParse {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  return nestedDeeperThan(value, maxDepth) ? { ok: false, reason: 'too-deep' } : { ok: true, value };
}

/** The parsed value, or undefined when the text is not JSON or nests too deep. */
export function parseJsonOrUndefined(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const parsed = parseJson(text, maxDepth);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * Objects whose prototype has no prototype: nothing is inherited, not even
 * Object.prototype's `__proto__` accessor, so every key from telemetry is an
 * ordinary own key. Unlike `Object.create(null)`, whose objects V8 keeps as
 * hash tables, instances stay ordinary fast objects (half the memory and
 * quicker to fill, which matters for the attribute maps of every span).
 */
const EmptyRecord = function EmptyRecord() {} as unknown as new () => Record<string, never>;
EmptyRecord.prototype = Object.create(null) as object;

/** An empty object for keys that come from telemetry: `__proto__`, `constructor` and the rest are ordinary keys. */
export function dict<T>(): Record<string, T> {
  return new EmptyRecord() as Record<string, T>;
}
