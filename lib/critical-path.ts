import type { Waterfall, WaterfallRow } from '@/lib/trace-tree';

/**
 * The critical path of a trace: the spans whose work decided when it ended.
 * The usual definition (as tracing UIs draw it): on a span, the child that
 * ends last is on the path; then, before that child started, the child that
 * ends last by that start; and so on back to the span's start; recursively
 * into each of them. Top-level rows (a trace may have several roots) are
 * the children of the whole trace, so the path starts at the root that ends
 * last. Iterative, so a deep trace cannot overflow the stack. Returns the
 * span ids on the path.
 */
export function criticalPath(waterfall: Pick<Waterfall, 'rows' | 'durationNs'>): Set<string> {
  const kids = new Map<string, WaterfallRow[]>();
  for (const row of waterfall.rows) {
    const list = kids.get(row.parentId) ?? [];
    list.push(row);
    kids.set(row.parentId, list);
  }
  const start = (r: WaterfallRow) => r.offset * waterfall.durationNs;
  const end = (r: WaterfallRow) => start(r) + r.span.durationNs;
  const path = new Set<string>();
  // Work items: a span on the path (or '' for the trace) and its start.
  const stack: [string, number][] = [['', -Infinity]];
  while (stack.length > 0) {
    const [parent, from] = stack.pop() as [string, number];
    const children = [...(kids.get(parent) ?? [])].sort((a, b) => end(b) - end(a) || start(b) - start(a));
    // The first child (ending last) is on the path whatever its end; each next one must end by the last one's start.
    let limit = Infinity;
    for (const child of children) {
      if (end(child) > limit + 0.5) continue; // half a nanosecond: float rounding of back-to-back spans
      path.add(child.span.spanId);
      stack.push([child.span.spanId, start(child)]);
      limit = start(child);
      if (limit <= from) break;
    }
  }
  return path;
}
