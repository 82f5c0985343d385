import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AttrValue } from '@/lib/domain/attributes';
import { SNAPSHOT_EVENT } from '@/lib/domain/snapshot';
import { compareNanos, nanosToIso } from '@/lib/domain/time';
import type { Span } from '@/lib/schemas/api';
import { selectBatch, type BatchRead } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { bodyRow, toSnapshotBodies, type SnapshotBodies } from './snapshot-bodies';
import { compareText } from '@/lib/domain/compare';

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

const logSnapshotRow = z.object({ span_id: z.string(), time_ns: z.string(), body_hash: z.string() });

/** The trace's log-sourced snapshots, within a day of its spans' days (a log record's time is its own). */
const LOG_SNAPSHOTS_WHERE = `
  ${inScope()}
  AND trace_id = {traceId:String}
  AND source = 'log'
  AND toDate(time) >= toDate(fromUnixTimestamp64Nano(toInt64({start:String}))) - 1
  AND toDate(time) <= toDate(fromUnixTimestamp64Nano(toInt64({end:String}))) + 1`;

const LOG_SNAPSHOTS_SQL = `
SELECT span_id, toString(toUnixTimestamp64Nano(time)) AS time_ns, body_hash
FROM snapshots
WHERE ${LOG_SNAPSHOTS_WHERE}
ORDER BY time, span_id, body_hash
LIMIT 1 BY span_id, time, body_hash
LIMIT {limit:UInt32}`;

/**
 * The log snapshots of a trace whose spans start within [startNs,
 * lastStartNs], deduplicated (a redelivered record is read once); their
 * bodies come from `traceBodiesRead`, in the same round trip.
 */
export function logSnapshotsRead(traceId: string, startNs: string, lastStartNs: string): BatchRead<typeof logSnapshotRow> {
  return { schema: logSnapshotRow, query: LOG_SNAPSHOTS_SQL, params: { traceId, start: startNs, end: lastStartNs, limit: MAX_LOG_SNAPSHOTS } };
}

/**
 * The snapshot bodies a trace shows: those its span events refer to, and
 * those of its log snapshots (found by the engine, not by a second trip).
 */
export function traceBodiesRead(refs: readonly string[], traceId: string, startNs: string, lastStartNs: string): BatchRead<typeof bodyRow> {
  return {
    schema: bodyRow,
    query: `SELECT hash, any(body) AS body FROM snapshot_bodies
      WHERE hash IN (SELECT arrayJoin({hashes:Array(String)}) UNION ALL SELECT body_hash FROM snapshots WHERE ${LOG_SNAPSHOTS_WHERE})
      GROUP BY hash`,
    params: { hashes: [...new Set(refs)], traceId, start: startNs, end: lastStartNs },
  };
}

/**
 * The rows of `logSnapshotsRead` as snapshots, in time order (a batch does not
 * keep the query's order), each with its body's attributes. A body not found
 * (written a few milliseconds after its reference: the inserts run at once; it
 * shows on the next read) or unreadable leaves its hash instead.
 */
export function toLogSnapshots(rows: readonly z.infer<typeof logSnapshotRow>[], bodies: SnapshotBodies): LogSnapshot[] {
  return [...rows]
    .sort((a, b) => compareNanos(a.time_ns, b.time_ns) || compareText(a.span_id, b.span_id))
    .map((r) => ({ spanId: r.span_id, timeNs: r.time_ns, attributes: bodies.get(r.body_hash) ?? { 'baton.snapshot.body_hash': r.body_hash } }));
}

export async function loadLogSnapshots(client: ClickHouseClient, traceId: string, startNs: string, lastStartNs: string): Promise<LogSnapshot[]> {
  const found = await selectBatch(client, { rows: logSnapshotsRead(traceId, startNs, lastStartNs), bodies: traceBodiesRead([], traceId, startNs, lastStartNs) }, 'logSnapshots');
  return toLogSnapshots(found.rows, toSnapshotBodies(found.bodies));
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
