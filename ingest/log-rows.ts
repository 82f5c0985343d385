import { emptyAttrs, stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';
import { SNAPSHOT_EVENT } from '@/lib/domain/snapshot';
import { SESSION_KEYS } from '@/lib/model/normalize';
import type { DecodedLogRecord, DecodedLogs, DecodedResource, DecodedScope } from './otlp/types';
import { isValidId, putAttr } from './otlp/values';
import { batchBytes, emptyBatch, reject, type RowBatch, type RowOptions } from './rows';
import { LineBuffer, runSync, type Slices } from './slices';
import { snapshotBody, snapshotRow } from './snapshot-rows';

/**
 * Decoded OTLP logs → rows. Baton reads logs only for context snapshots
 * (docs/instrumentation.md): a log record whose event name is `baton.context.snapshot`
 * (LogRecord.event_name, or an `event.name` attribute from older SDKs) becomes
 * a `snapshots` row with a content-addressed body, as a snapshot span event
 * does. Other log records are accepted and not stored. A snapshot record that
 * cannot be tied to a span, or whose time is outside retention, is rejected
 * alone with a reason (OTLP partial success).
 */

const EVENT_NAME_KEY = 'event.name';
const PROJECT_KEYS = ['baton.project'];
const AGENT_KEYS = ['baton.agent.name', 'gen_ai.agent.name', 'agent.name'];

export function isSnapshotRecord(l: DecodedLogRecord): boolean {
  return l.eventName === SNAPSHOT_EVENT || stringAttr(l.attrs, EVENT_NAME_KEY) === SNAPSHOT_EVENT;
}

/** The record's time: when the event happened, else when it was observed ('0' when neither is set). */
function timeOf(l: DecodedLogRecord): string {
  return l.timeNs !== '0' ? l.timeNs : l.observedTimeNs;
}

function rejectionReason(l: DecodedLogRecord, timeNs: string, opts: RowOptions): string | undefined {
  if (!isValidId(l.traceId, 16)) {
    return l.traceId === ''
      ? 'snapshot log record without a trace id (it must carry the ids of its agent span)'
      : `snapshot log record with invalid trace id "${l.traceId.slice(0, 40)}" (must be 16 bytes, not all zero)`;
  }
  if (!isValidId(l.spanId, 8)) {
    return l.spanId === ''
      ? 'snapshot log record without a span id (it must carry the ids of its agent span)'
      : `snapshot log record with invalid span id "${l.spanId.slice(0, 24)}" (must be 8 bytes, not all zero)`;
  }
  if (l.invalid !== undefined) return `snapshot ${l.invalid}`;
  if (timeNs === '0') return 'snapshot log record without a time';
  const timeMs = Number(timeNs.slice(0, -6) || '0');
  if (timeMs < opts.oldestStartMs) return 'snapshot log record older than the retention period';
  if (timeMs > opts.newestStartMs) return 'snapshot log record more than a day in the future';
  return undefined;
}

/** A resource or scope whose attributes could not be read rejects its snapshot records. */
function invalidOwner(resource: DecodedResource, scope: DecodedScope): string | undefined {
  const invalid = resource.invalid ?? scope.invalid;
  return invalid === undefined ? undefined : `snapshot log record's ${resource.invalid ? 'resource' : 'scope'}: ${invalid}`;
}

/**
 * The snapshot's attributes: a key-value list body's entries, overridden by
 * the record's attributes, without the `event.name` marker.
 */
function snapshotAttrs(l: DecodedLogRecord): EncodedAttrs {
  const attrs = emptyAttrs();
  if (l.body.t === 'kvlist') for (const [key, value] of l.body.v) putAttr(attrs, key, value);
  for (const key in l.attrs.values) {
    attrs.values[key] = l.attrs.values[key] as string;
    const type = l.attrs.types[key];
    if (type) attrs.types[key] = type;
    else delete attrs.types[key];
  }
  delete attrs.values[EVENT_NAME_KEY];
  delete attrs.types[EVENT_NAME_KEY];
  return attrs;
}

/** The first of `keys` present as a non-empty string, looked up in each set in turn. */
function firstString(keys: readonly string[], ...sets: EncodedAttrs[]): string {
  for (const attrs of sets) {
    for (const key of keys) {
      const value = stringAttr(attrs, key);
      if (value !== undefined) return value;
    }
  }
  return '';
}

/** Records handled between two chances for other work to run (./slices.ts). */
const SLICE = 1_000;

/** Builds a logs request's rows, in slices. */
export function* buildLogRows(logs: DecodedLogs, opts: RowOptions): Slices<RowBatch> {
  const batch = emptyBatch();
  const rows = new LineBuffer();
  let seen = 0;
  const places: { project: string; traceId: string }[] = [];
  for (const rl of logs.resourceLogs) {
    const resource = rl.resource.attrs;
    for (const sl of rl.scopeLogs) {
      for (const l of sl.logRecords) {
        if (++seen % SLICE === 0) yield;
        if (!isSnapshotRecord(l)) continue;
        const timeNs = timeOf(l);
        const reason = rejectionReason(l, timeNs, opts) ?? invalidOwner(rl.resource, sl.scope);
        if (reason) {
          reject(batch, reason);
          continue;
        }
        const attrs = snapshotAttrs(l);
        const { body, hash } = snapshotBody(attrs);
        batch.bodies.set(hash, body);
        const place = {
          project: opts.project ?? (firstString(PROJECT_KEYS, attrs, resource) || 'default'),
          traceId: l.traceId,
          spanId: l.spanId,
          timeNs,
          sessionId: firstString(SESSION_KEYS, attrs, resource),
          agent: firstString(AGENT_KEYS, attrs, resource),
          source: 'log' as const,
        };
        rows.push(snapshotRow(place, attrs, hash));
        places.push(place);
      }
    }
  }
  batch.snapshots = rows.toBuffer();
  batch.accepted = rows.lines;
  batch.touched = [...new Map(places.map((p) => [`${p.project}\u0000${p.traceId}`, { project: p.project, traceId: p.traceId }])).values()];
  batch.bytes = batchBytes(batch);
  return batch;
}

/** A logs request's rows, built in one go (tests, small batches). */
export const logsToRows = (logs: DecodedLogs, opts: RowOptions): RowBatch => runSync(buildLogRows(logs, opts));
