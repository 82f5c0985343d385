import type { Span } from '@/lib/schemas/api';
import type { WaterfallRow } from '@/lib/trace-tree';

/**
 * Find in trace, and stepping through a list of rows (matches, errors,
 * handoffs) in waterfall order. Pure: the waterfall's toolbar uses it, the
 * unit tests pin it.
 */

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Whether a span matches a search, case-insensitively: its name, agent,
 * tool, model, service, id, or any attribute value (the span's own and its
 * resource's). `needle` is already lower-cased and trimmed; empty matches nothing.
 */
export function spanMatches(span: Span, needle: string): boolean {
  if (!needle) return false;
  const has = (text: string) => text.toLowerCase().includes(needle);
  if (has(span.name) || has(span.agent) || has(span.tool) || has(span.model) || has(span.service) || span.spanId === needle) return true;
  for (const value of Object.values(span.attributes)) if (has(valueText(value))) return true;
  for (const value of Object.values(span.resource)) if (has(valueText(value))) return true;
  return false;
}

/** The span ids of the rows matching `query`, in row order. */
export function findMatches(rows: readonly WaterfallRow[], query: string): string[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  return rows.filter((r) => spanMatches(r.span, needle)).map((r) => r.span.spanId);
}

/**
 * The next (or previous) of `targets` after the current row, wrapping round:
 * `targets` are span ids in row order, `order` maps a span id to its row
 * index, `current` is the selected span (or none: start from the top).
 */
export function stepTarget(targets: readonly string[], order: ReadonlyMap<string, number>, current: string | undefined, direction: 1 | -1): string | undefined {
  if (targets.length === 0) return undefined;
  const at = current === undefined ? undefined : order.get(current);
  if (at === undefined) return direction === 1 ? targets[0] : targets[targets.length - 1];
  // Binary search for the first target whose row comes after the current one.
  let lo = 0;
  let hi = targets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((order.get(targets[mid] as string) ?? -1) <= at) lo = mid + 1;
    else hi = mid;
  }
  if (direction === 1) return targets[lo % targets.length];
  // Previous: the last target before the current row.
  const onCurrent = lo > 0 && order.get(targets[lo - 1] as string) === at;
  const prev = onCurrent ? lo - 2 : lo - 1;
  return targets[(prev + targets.length) % targets.length];
}

/** "3 of 17" (the position of the current span among the targets), or "17" when it is not one of them. */
export function positionLabel(targets: readonly string[], current: string | undefined): string {
  const i = current === undefined ? -1 : targets.indexOf(current);
  return i >= 0 ? `${i + 1} of ${targets.length}` : `${targets.length}`;
}
