import { parseJson } from '@/lib/domain/json';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AttrValue } from '@/lib/domain/attributes';
import { SNAPSHOT_EVENT } from '@/lib/domain/snapshot';
import { nanosToIso } from '@/lib/domain/time';
import type { Span } from '@/lib/schemas/api';
import { selectRows } from '@/lib/db/select';

/**
 * Context snapshots an agent sent as OTLP log records (docs/instrumentation.md, `source =
 * 'log'`), read back for a trace so the trace API shows them among their
 * span's events, like snapshots recorded as span events. Look-back: the days
 * of the trace's spans, one day either side (a log record's time is its own,
 * and clocks of two processes may disagree).
 */

/** Most log snapshots one trace response carries. */
const MAX_LOG_SNAPSHOTS = 10_000;

export interface LogSnapshot {
  spanId: string;
  timeNs: string;
  attributes: Record<string, AttrValue>;
}

const logSnapshotRow = z.object({ span_id: z.string(), time_ns: z.string(), body_hash: z.string(), body: z.string().nullable() });

const LOG_SNAPSHOTS_SQL = `
WITH found AS (
  SELECT span_id, time, body_hash
  FROM snapshots
  WHERE trace_id = {traceId:String}
    AND source = 'log'
    AND toDate(time) >= toDate(fromUnixTimestamp64Nano(toInt64({start:String}))) - 1
    AND toDate(time) <= toDate(fromUnixTimestamp64Nano(toInt64({end:String}))) + 1
  ORDER BY time, span_id, body_hash
  LIMIT 1 BY span_id, time, body_hash
  LIMIT {limit:UInt32}
)
SELECT f.span_id AS span_id, toString(toUnixTimestamp64Nano(f.time)) AS time_ns, f.body_hash AS body_hash, b.body AS body
FROM found AS f
LEFT JOIN (
  SELECT hash, any(body) AS body FROM snapshot_bodies WHERE hash IN (SELECT body_hash FROM found) GROUP BY hash
) AS b ON b.hash = f.body_hash
ORDER BY f.time, f.span_id`;

function parseBody(body: string | null, hash: string): Record<string, AttrValue> {
  // A body written a few milliseconds after its reference (the inserts run at once) shows on the next read.
  if (!body) return { 'baton.snapshot.body_hash': hash };
  const parsed = parseJson(body);
  return parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? (parsed.value as Record<string, AttrValue>) : { 'baton.snapshot.body_hash': hash };
}

/**
 * The log-sourced snapshots of a trace whose spans start within [startNs,
 * lastStartNs], in time order, deduplicated (a redelivered record is read once).
 */
export async function loadLogSnapshots(client: ClickHouseClient, traceId: string, startNs: string, lastStartNs: string): Promise<LogSnapshot[]> {
  const rows = await selectRows(client, logSnapshotRow, LOG_SNAPSHOTS_SQL, { traceId, start: startNs, end: lastStartNs, limit: MAX_LOG_SNAPSHOTS }, 'logSnapshots');
  return rows.map((r) => ({ spanId: r.span_id, timeNs: r.time_ns, attributes: parseBody(r.body, r.body_hash) }));
}

/**
 * Puts each log snapshot among its span's events, as a `baton.context.snapshot`
 * event, keeping each touched span's events in time order. Snapshots whose
 * span is not in `spans` are left out.
 */
export function mergeLogSnapshots(spans: Span[], snapshots: readonly LogSnapshot[]): void {
  if (snapshots.length === 0) return;
  const bySpan = new Map(spans.map((s) => [s.spanId, s]));
  const touched = new Set<Span>();
  for (const snap of snapshots) {
    const span = bySpan.get(snap.spanId);
    if (!span) continue;
    span.events.push({ time: nanosToIso(snap.timeNs), name: SNAPSHOT_EVENT, attributes: snap.attributes });
    touched.add(span);
  }
  // Event times are ISO-8601 of one width (nanoseconds, UTC): text order is time order.
  for (const span of touched) span.events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
