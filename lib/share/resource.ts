import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { inScope } from '@/lib/db/scope-sql';
import { selectRows } from '@/lib/db/select';

/** A trace of the caller's projects (the read scope's filter) as a share link records it: its project and its time bounds (the link's frozen range), or undefined when no span of it is stored. */
export async function traceForLink(client: ClickHouseClient, traceId: string): Promise<{ project: string; fromMs: number; toMs: number } | undefined> {
  const rows = await selectRows(
    client,
    z.object({ spans: z.coerce.number(), trace_project: z.string(), from_ms: z.coerce.number(), to_ms: z.coerce.number() }),
    `SELECT count() AS spans, any(project) AS trace_project, toUnixTimestamp64Milli(min(start_time)) AS from_ms, toUnixTimestamp64Milli(max(end_time)) AS to_ms
     FROM spans WHERE trace_id = {traceId:String} AND ${inScope()}`,
    { traceId },
    'share:trace',
  );
  const row = rows[0];
  return row && row.spans > 0 ? { project: row.trace_project, fromMs: row.from_ms, toMs: row.to_ms } : undefined;
}

/** A session of the caller's projects as a share link records it: its project and its time bounds, or undefined when it is not stored. */
export async function sessionForLink(client: ClickHouseClient, sessionId: string): Promise<{ project: string; fromMs: number; toMs: number } | undefined> {
  const rows = await selectRows(
    client,
    z.object({ session_project: z.string(), from_ms: z.coerce.number(), to_ms: z.coerce.number() }),
    `SELECT project AS session_project, toUnixTimestamp64Milli(start_time) AS from_ms, toUnixTimestamp64Milli(end_time) AS to_ms
     FROM sessions FINAL WHERE session_id = {sessionId:String} AND ${inScope()} LIMIT 1`,
    { sessionId },
    'share:session',
  );
  const row = rows[0];
  return row && { project: row.session_project, fromMs: row.from_ms, toMs: row.to_ms };
}

/** A handoff of the caller's projects as a share link records it: its project and its time, or undefined when it is not stored. */
export async function handoffForLink(client: ClickHouseClient, handoffId: string): Promise<{ project: string; fromMs: number; toMs: number } | undefined> {
  const rows = await selectRows(
    client,
    z.object({ handoff_project: z.string(), at_ms: z.coerce.number() }),
    `SELECT project AS handoff_project, toUnixTimestamp64Milli(time) AS at_ms FROM handoffs FINAL WHERE id = {handoffId:String} AND ${inScope()} LIMIT 1`,
    { handoffId },
    'share:handoff',
  );
  const row = rows[0];
  return row && { project: row.handoff_project, fromMs: row.at_ms, toMs: row.at_ms };
}
