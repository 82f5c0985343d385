import type { AttrValue } from '@/lib/domain/attributes';
import { SNAPSHOT_EVENT } from '@/lib/domain/snapshot';
import { parseSnapshot } from '@/lib/analysis/snapshot';
import type { Span } from '@/lib/schemas/api';
import type { SnapshotView } from '@/lib/schemas/snapshots';

/** The snapshot events of a trace's spans (span events and merged log records), read, in time order. */
export function snapshotViews(spans: readonly Span[]): SnapshotView[] {
  const views: SnapshotView[] = [];
  for (const span of spans) {
    for (const event of span.events) {
      if (event.name !== SNAPSHOT_EVENT) continue;
      const { traceId: _t, sessionId: _s, ...snapshot } = parseSnapshot(event.attributes as Record<string, AttrValue>, {
        traceId: span.traceId,
        spanId: span.spanId,
        time: event.time,
        agent: span.agent,
        sessionId: span.sessionId,
      });
      views.push(snapshot);
    }
  }
  // ISO-8601 times of one width: text order is time order.
  return views.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
