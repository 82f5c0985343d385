import type { Span } from '@/lib/schemas/api';

/**
 * A trace's spans as waterfall rows: depth-first from the roots, children by
 * start time, each with its depth and its offset and width on the trace's
 * time axis (0..1). Spans whose parent is missing are shown as roots.
 */

export interface WaterfallRow {
  span: Span;
  depth: number;
  /** Start offset from the trace start, 0..1. */
  offset: number;
  /** Duration as a share of the trace, 0..1 (at least a sliver so it stays visible). */
  width: number;
  /** The parent id is set but that span is not in the trace (yet). */
  orphan: boolean;
  children: number;
  /** The span id of the row this one is nested under; '' for a top-level row. */
  parentId: string;
}

export interface Waterfall {
  rows: WaterfallRow[];
  startMs: number;
  durationNs: number;
}

function nanosOf(iso: string): bigint {
  // "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ": milliseconds from Date, the rest from the fraction.
  const ms = BigInt(Date.parse(iso.slice(0, 23) + 'Z'));
  const subMs = BigInt(iso.slice(23, 29) || '0');
  return ms * 1_000_000n + subMs;
}

export function buildWaterfall(spans: readonly Span[]): Waterfall {
  if (spans.length === 0) return { rows: [], startMs: 0, durationNs: 0 };
  const starts = new Map<string, bigint>();
  let min = -1n;
  let max = -1n;
  for (const s of spans) {
    const start = nanosOf(s.startTime);
    const end = start + BigInt(s.durationNs);
    starts.set(s.spanId, start);
    if (min < 0n || start < min) min = start;
    if (max < 0n || end > max) max = end;
  }
  const total = Number(max - min) || 1;
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const s of spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else roots.push(s);
  }
  const byStart = (a: Span, b: Span) => {
    const d = (starts.get(a.spanId) ?? 0n) - (starts.get(b.spanId) ?? 0n);
    return d < 0n ? -1 : d > 0n ? 1 : a.spanId.localeCompare(b.spanId);
  };
  const rows: WaterfallRow[] = [];
  const visited = new Set<string>();
  // Iterative depth-first walk: deep traces must not overflow the stack.
  const walk = (from: Span[]) => {
    const stack: [Span, number, string][] = from.sort(byStart).reverse().map((s) => [s, 0, '']);
    while (stack.length > 0) {
      const [span, depth, parentId] = stack.pop() as [Span, number, string];
      if (visited.has(span.spanId)) continue;
      visited.add(span.spanId);
      const kids = (children.get(span.spanId) ?? []).sort(byStart);
      rows.push({
        span,
        depth,
        offset: Number((starts.get(span.spanId) ?? min) - min) / total,
        width: Math.max(span.durationNs / total, 0.002),
        orphan: span.parentSpanId !== '' && !ids.has(span.parentSpanId),
        children: kids.length,
        parentId,
      });
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i] as Span, depth + 1, span.spanId]);
    }
  };
  walk(roots);
  // Spans caught in a parent cycle have no root above them: show them too.
  const unvisited = spans.filter((s) => !visited.has(s.spanId));
  if (unvisited.length > 0) walk(unvisited);
  return { rows, startMs: Number(min / 1_000_000n), durationNs: Number(max - min) };
}

/**
 * The rows left when the subtrees under `collapsed` span ids are folded:
 * a collapsed row stays, its descendants (the rows after it that are deeper)
 * go. Rows are in depth-first order, so one pass does it.
 */
export function visibleRows(rows: readonly WaterfallRow[], collapsed: ReadonlySet<string>): WaterfallRow[] {
  if (collapsed.size === 0) return rows as WaterfallRow[];
  const out: WaterfallRow[] = [];
  let hideDeeperThan = -1;
  for (const row of rows) {
    if (hideDeeperThan >= 0) {
      if (row.depth > hideDeeperThan) continue;
      hideDeeperThan = -1;
    }
    out.push(row);
    if (row.children > 0 && collapsed.has(row.span.spanId)) hideDeeperThan = row.depth;
  }
  return out;
}

/** The span ids of a row's ancestors in the waterfall, nearest first. */
export function ancestorIds(rows: readonly WaterfallRow[], spanId: string): string[] {
  const parentOf = new Map(rows.map((r) => [r.span.spanId, r.parentId]));
  const out: string[] = [];
  const seen = new Set<string>([spanId]);
  for (let id = parentOf.get(spanId); id && !seen.has(id); id = parentOf.get(id)) {
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** Every row with children: what "Collapse all" folds. */
export function parentIds(rows: readonly WaterfallRow[]): Set<string> {
  return new Set(rows.filter((r) => r.children > 0).map((r) => r.span.spanId));
}
