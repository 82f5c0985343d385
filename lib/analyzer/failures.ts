import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectRows, type BatchRead } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { describeStoreError } from '@/lib/db/store-errors';
import type { AnalysisFailure } from '@/lib/schemas/analysis';
import type { Unit } from './analyze-unit';
import { nextVersion } from './save';

/**
 * Units the analyzer could not analyse: why, how often it tried, when it
 * tries again. Kept in `analysis_failures` so that a restart goes on retrying
 * them (and the progress mark need not wait for them), and so that the APIs
 * can say why a session has no analysis instead of failing.
 */

export interface Failure {
  unit: Unit;
  reason: string;
  attempts: number;
  /** When to try again (ms since the epoch). */
  nextAttempt: number;
}

/** The first retry waits this long; each later one twice as long as the one before, up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;

export const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));

/** A unit's id in `analysis_failures`: its session, or its one trace when it names no session. */
export const unitId = (u: Unit) => u.sessionId || (u.traceIds[0] ?? '');

/**
 * Why an analysis failed, in one line. A ClickHouse error is named by its
 * code (its message may quote rows); anything else is a bug in the analysis,
 * named by its type and message.
 */
export function failureReason(err: unknown): string {
  const store = describeStoreError(err);
  if (store.code !== undefined) return store.summary;
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function row(project: string, f: Failure, failed: boolean) {
  return {
    project,
    unit: unitId(f.unit),
    session_id: f.unit.sessionId,
    trace_ids: f.unit.traceIds.slice(0, 100),
    failed: failed ? 1 : 0,
    reason: failed ? f.reason : '',
    attempts: f.attempts,
    next_attempt: new Date(failed ? f.nextAttempt : 0).toISOString(),
    updated_at: new Date().toISOString(),
    version: nextVersion(),
  };
}

/** Records failures (failed = true) or that these units now analyse (failed = false). */
export async function saveFailures(client: ClickHouseClient, failures: readonly Failure[], failed: boolean): Promise<void> {
  if (failures.length === 0) return;
  await client.insert({
    table: 'analysis_failures',
    values: failures.map((f) => row(f.unit.project, f, failed)),
    format: 'JSONEachRow',
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
}

const failureRow = z.object({
  project: z.string(),
  session_id: z.string(),
  trace_ids: z.array(z.string()),
  reason: z.string(),
  attempts: z.coerce.number(),
  next_attempt_ms: z.coerce.number(),
});

/** The units still failing, to go on retrying after a restart. */
export async function loadFailures(client: ClickHouseClient): Promise<Failure[]> {
  const rows = await selectRows(
    client,
    failureRow,
    `SELECT project, session_id, trace_ids, reason, attempts, toUnixTimestamp64Milli(next_attempt) AS next_attempt_ms
     FROM analysis_failures FINAL WHERE ${inScope()} AND failed = 1 LIMIT 100000`,
    {},
    'analyzer.failures',
  );
  return rows.map((r) => ({
    unit: { project: r.project, sessionId: r.session_id, traceIds: r.trace_ids },
    reason: r.reason,
    attempts: r.attempts,
    nextAttempt: r.next_attempt_ms,
  }));
}

const statusRow = z.object({ reason: z.string(), attempts: z.coerce.number(), next_attempt_ms: z.coerce.number() });

export function analysisFailureRead(unit: string): BatchRead<typeof statusRow> {
  return {
    schema: statusRow,
    query: `SELECT reason, attempts, toUnixTimestamp64Milli(next_attempt) AS next_attempt_ms
     FROM analysis_failures FINAL WHERE ${inScope()} AND unit = {unit:String} AND failed = 1 LIMIT 1`,
    params: { unit },
  };
}

export function toAnalysisFailure([found]: readonly z.infer<typeof statusRow>[]): AnalysisFailure {
  return found ? { reason: found.reason, attempts: found.attempts, nextAttempt: new Date(found.next_attempt_ms).toISOString() } : null;
}

/** The current failure of a unit (a session id, or a sessionless trace's id), or null when it analyses. */
export async function analysisFailureOf(client: ClickHouseClient, unit: string): Promise<AnalysisFailure> {
  const read = analysisFailureRead(unit);
  return toAnalysisFailure(await selectRows(client, read.schema, read.query, read.params, 'analysisFailure'));
}
