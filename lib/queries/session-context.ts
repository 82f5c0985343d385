import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { parseSnapshot } from '@/lib/analysis/snapshot';
import type { Snapshot } from '@/lib/analysis/types';
import type { AttrValue } from '@/lib/domain/attributes';
import { parseJson } from '@/lib/domain/json';
import { compareNanos, nanosToIso } from '@/lib/domain/time';
import { SNAPSHOT_COLUMNS_SQL, snapshotRow } from '@/lib/db/row-schemas';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import type { ContextSize } from '@/lib/schemas/sessions';

/**
 * Context sizes for the session page's chart: the snapshots of a page of
 * turns that recorded a token count, read from `snapshots` (one key range per
 * trace) and then only the bodies that hold `baton.snapshot.tokens` (looked up
 * by hash), and bounded.
 */

/** Most context sizes one page of turns carries; the rest is reported as truncated. */
export const MAX_CONTEXT_POINTS = 2_000;

/** Most snapshots of one page of turns looked at for a token count. */
const MAX_SNAPSHOTS = 50_000;

const SNAPSHOTS_SQL = `
SELECT ${SNAPSHOT_COLUMNS_SQL}
FROM snapshots
WHERE ${inScope()} AND project = {project:String} AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)}))
ORDER BY time, trace_id, span_id
LIMIT 1 BY trace_id, span_id, time, body_hash
LIMIT {limit:UInt32}`;

const bodyRow = z.object({ hash: z.string(), body: z.string() });

// By the hashes as a list (key lookups), and only the bodies with a token count.
const BODIES_SQL = `
SELECT hash, body FROM snapshot_bodies
WHERE hash IN (SELECT arrayJoin({hashes:Array(String)})) AND JSONHas(body, 'baton.snapshot.tokens')
LIMIT 1 BY hash`;

const isRecord = (v: unknown): v is Record<string, AttrValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The context size each snapshot recorded (those with a token count), in time order. */
export function contextSizes(snapshots: readonly Snapshot[]): ContextSize[] {
  return snapshots
    .filter((s) => s.tokens !== null)
    .sort((a, b) => compareNanos(a.time, b.time))
    .map((s) => ({
      time: nanosToIso(s.time),
      agent: s.agent,
      phase: s.phase,
      tokens: s.tokens as number,
      tokenLimit: s.tokenLimit,
      truncated: s.truncated,
      traceId: s.traceId,
      spanId: s.spanId,
    }));
}

/** The context sizes recorded in these traces, in time order, at most MAX_CONTEXT_POINTS. */
export async function contextOfTraces(client: ClickHouseClient, project: string, traceIds: readonly string[]): Promise<{ context: ContextSize[]; truncated: boolean }> {
  if (traceIds.length === 0) return { context: [], truncated: false };
  const snapshots = await selectRows(client, snapshotRow, SNAPSHOTS_SQL, { project, traceIds, limit: MAX_SNAPSHOTS + 1 }, 'sessionContextSnapshots');
  const hashes = [...new Set(snapshots.map((r) => r.body_hash))];
  const bodies = hashes.length === 0 ? [] : await selectRows(client, bodyRow, BODIES_SQL, { hashes }, 'sessionContextBodies');
  const bodyOf = new Map<string, Record<string, AttrValue>>();
  for (const b of bodies) {
    const parsed = parseJson(b.body);
    if (parsed.ok && isRecord(parsed.value)) bodyOf.set(b.hash, parsed.value);
  }
  const read = snapshots.slice(0, MAX_SNAPSHOTS).flatMap((r) => {
    const body = bodyOf.get(r.body_hash);
    return body ? [parseSnapshot(body, { traceId: r.trace_id, spanId: r.span_id, time: r.time_ns, agent: r.agent, sessionId: r.session_id })] : [];
  });
  const context = contextSizes(read);
  return { context: context.slice(0, MAX_CONTEXT_POINTS), truncated: context.length > MAX_CONTEXT_POINTS || snapshots.length > MAX_SNAPSHOTS };
}
