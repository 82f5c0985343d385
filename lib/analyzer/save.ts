import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AnalyzedHandoff } from '@/lib/analysis/analyze';
import { COLUMNS } from '@/lib/db/columns';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import type { Store } from '@/lib/db/store';

/**
 * Writes analysis results as versioned rows. A handoff is rewritten only when
 * its result changed (its digest differs), so re-running an analysis writes
 * nothing new; a handoff a later analysis no longer finds gets a deleted row.
 */

let lastVersion = 0;

/** Strictly increasing across calls in this process, and across restarts (clock-based). */
export function nextVersion(): number {
  lastVersion = Math.max(lastVersion + 1, Date.now() * 1000);
  return lastVersion;
}

export interface HandoffRecord {
  project: string;
  sessionId: string;
  handoff: AnalyzedHandoff;
}

/** A handoff row (HANDOFF_COLUMNS) and the digest of its content: a row whose digest is stored already is not written again. */
export function handoffLine(project: string, sessionId: string, h: AnalyzedHandoff): { line: unknown[]; digest: string } {
  const fields = [
    project,
    h.id,
    sessionId,
    h.fromTraceId || h.toTraceId,
    h.fromTraceId,
    h.toTraceId,
    h.fromAgent,
    h.toAgent,
    h.fromSpanId,
    h.toSpanId,
    h.time,
    h.source,
    h.status,
    h.drift.severity,
    h.drift.method,
    h.drift.fidelity,
    h.contract ? JSON.stringify(h.contract) : '',
    JSON.stringify(h.drift),
  ];
  const digest = createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
  return { line: [...fields, digest, nextVersion(), 0, h.compared.receiver?.time ?? null, h.drift.added.length], digest };
}

const digestRow = z.object({ id: z.string(), digest: z.string(), deleted: z.coerce.number() });

/** The digests of the last stored versions of these handoffs (a tombstone counts as deleted). */
export async function currentDigests(client: ClickHouseClient, project: string, ids: readonly string[]): Promise<Map<string, { digest: string; deleted: boolean }>> {
  const out = new Map<string, { digest: string; deleted: boolean }>();
  if (ids.length === 0) return out;
  const rows = await selectRows(
    client,
    digestRow,
    `SELECT id, argMax(digest, version) AS digest, argMax(deleted, version) AS deleted
     FROM handoffs WHERE ${inScope()} AND project = {project:String} AND id IN (SELECT arrayJoin({ids:Array(String)})) GROUP BY id`,
    { project, ids },
    'analyzer.digests',
  );
  for (const r of rows) out.set(r.id, { digest: r.digest, deleted: r.deleted === 1 });
  return out;
}

const idRow = z.object({ id: z.string() });

/** The sessions (or, for sessionId '', the sessionless traces) a batch analysed. */
export interface Scope {
  sessionId: string;
  traceIds: string[];
}

/**
 * Ids of live handoffs last written for these scopes: those of their
 * sessions, and those written for their traces while the traces named no
 * session yet (a root span that names the session often arrives last).
 */
async function ownedIds(client: ClickHouseClient, project: string, scopes: readonly Scope[]): Promise<string[]> {
  const sessions = scopes.filter((s) => s.sessionId).map((s) => s.sessionId);
  const lone = scopes.flatMap((s) => s.traceIds);
  const rows = await selectRows(
    client,
    idRow,
    `SELECT id FROM handoffs FINAL
     WHERE ${inScope()} AND project = {project:String}
       AND (session_id IN (SELECT arrayJoin({sessions:Array(String)})) OR (session_id = '' AND trace_id IN (SELECT arrayJoin({lone:Array(String)}))))`,
    { project, sessions, lone },
    'analyzer.owned',
  );
  return rows.map((r) => r.id);
}

const line = (values: unknown[]) => `${JSON.stringify(values)}\n`;

/** Writes the handoffs that changed and tombstones the ones no longer found; returns how many rows it wrote. */
export async function saveHandoffs(store: Store, project: string, scopes: readonly Scope[], records: HandoffRecord[]): Promise<number> {
  const ids = records.map((r) => r.handoff.id);
  const [current, owned] = await Promise.all([currentDigests(store.client, project, ids), ownedIds(store.client, project, scopes)]);
  const lines: string[] = [];
  for (const r of records) {
    const { line: row, digest } = handoffLine(r.project, r.sessionId, r.handoff);
    const was = current.get(r.handoff.id);
    if (was && was.digest === digest && !was.deleted) continue;
    current.set(r.handoff.id, { digest, deleted: false });
    lines.push(line(row));
  }
  const found = new Set(ids);
  const now = `${Date.now()}000000`; // a tombstone lives as long as retention keeps the rows it hides
  for (const id of owned.filter((x) => !found.has(x))) {
    // A tombstone needs the key columns only; FINAL drops the handoff.
    lines.push(line(handoffTombstone(project, id, now)));
  }
  if (lines.length > 0) await store.insertRows('handoffs', COLUMNS.handoffs, Buffer.from(lines.join('')));
  return lines.length;
}

/** A row that deletes a handoff: the key columns, the next version and the deleted flag (FINAL drops it). */
export function handoffTombstone(project: string, id: string, timeNs: string): unknown[] {
  return [project, id, '', '', '', '', '', '', '', '', timeNs, '', '', '', '', 0, '', '', '', nextVersion(), 1, null, 0];
}

/** A session summary: SESSION_COLUMNS up to the version, and the running sums after it. */
export interface SessionSummaryRow {
  fields: unknown[];
  /** retention_sum, retention_count, fidelity_sum, fidelity_count (sums in thousandths), previous_session_id, user_start, user_trace, state, critical_handoffs, warning_handoffs */
  sums: [number, number, number, number, string, string, string, number, number, number];
}

/** Writes session summary rows. */
export async function saveSessions(store: Store, rows: SessionSummaryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await store.insertRows('sessions', COLUMNS.sessions, Buffer.from(rows.map((r) => line([...r.fields, nextVersion(), ...r.sums])).join('')));
}
