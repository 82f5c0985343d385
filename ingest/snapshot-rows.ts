import { createHash } from 'node:crypto';
import { decodeAttrs, stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';

/**
 * Rows of the `snapshots` table and their content-addressed bodies, shared by
 * the two ways a context snapshot arrives (docs/instrumentation.md): a span event
 * (rows.ts) and a log record (log-rows.ts).
 */

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A snapshot's body: the canonical JSON of its attributes (sorted keys, typed values), and its sha256. */
export function snapshotBody(attrs: EncodedAttrs): { body: string; hash: string } {
  const body = JSON.stringify(decodeAttrs(attrs.values, attrs.types));
  return { body, hash: sha256(body) };
}

/** Where a snapshot belongs and who recorded it. */
export interface SnapshotPlace {
  project: string;
  traceId: string;
  spanId: string;
  timeNs: string;
  sessionId: string;
  agent: string;
  source: 'span_event' | 'log';
}

/** One JSONCompactEachRow line in the column order of SNAPSHOT_COLUMNS. */
export function snapshotRow(place: SnapshotPlace, attrs: EncodedAttrs, hash: string): string {
  return JSON.stringify([
    place.project,
    place.traceId,
    place.spanId,
    place.timeNs,
    place.sessionId,
    place.agent,
    stringAttr(attrs, 'baton.snapshot.phase') ?? '',
    stringAttr(attrs, 'baton.handoff.id') ?? '',
    stringAttr(attrs, 'baton.handoff.to') ?? '',
    hash,
    place.source,
  ]);
}
