import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectAccountRows } from './account-reads';
import { AUDIT_ACTIONS, type AuditAction } from './audit-actions';
import { fromStoreMillis, toStoreMillis } from '@/lib/domain/time';

/**
 * The audit log (docs/security.md, "Audit log"): who did what, when, from
 * where. An entry is written before the action's answer leaves, so an
 * answered action is on record.
 */

export { AUDIT_ACTIONS, type AuditAction };
export type AuditOutcome = 'ok' | 'failed' | 'refused';

export interface AuditEvent {
  action: AuditAction;
  outcome: AuditOutcome;
  /** Who acted: an account id and its email, or empty (an unknown account, the CLI). */
  actorId?: string;
  actor?: string;
  project?: string;
  target?: string;
  ip?: string;
  userAgent?: string;
  detail?: string;
}

export interface AuditEntry extends Required<AuditEvent> {
  time: string;
}

export async function recordAudit(client: ClickHouseClient, event: AuditEvent, now = Date.now()): Promise<void> {
  await client.insert({
    table: 'audit_log',
    format: 'JSONEachRow',
    values: [
      {
        time: toStoreMillis(now),
        action: event.action,
        outcome: event.outcome,
        actor_id: event.actorId ?? '',
        actor: (event.actor ?? '').slice(0, 320),
        project: event.project ?? '',
        target: (event.target ?? '').slice(0, 512),
        ip: event.ip ?? '',
        user_agent: (event.userAgent ?? '').slice(0, 512),
        detail: (event.detail ?? '').slice(0, 2048),
      },
    ],
  });
}

const auditRow = z
  .object({
    time_text: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    outcome: z.enum(['ok', 'failed', 'refused']),
    actor_id: z.string(),
    actor: z.string(),
    project: z.string(),
    target: z.string(),
    ip: z.string(),
    user_agent: z.string(),
    detail: z.string(),
  })
  .transform(
    (r): AuditEntry => ({
      time: fromStoreMillis(r.time_text),
      action: r.action,
      outcome: r.outcome,
      actorId: r.actor_id,
      actor: r.actor,
      project: r.project,
      target: r.target,
      ip: r.ip,
      userAgent: r.user_agent,
      detail: r.detail,
    }),
  );

export interface AuditFilter {
  fromMs: number;
  toMs: number;
  action?: AuditAction;
  /** An account's email or id. */
  actor?: string;
  limit: number;
}

/** Newest first. */
export async function listAudit(client: ClickHouseClient, filter: AuditFilter): Promise<AuditEntry[]> {
  const where = ['time >= fromUnixTimestamp64Milli({fromMs:Int64})', 'time < fromUnixTimestamp64Milli({toMs:Int64})'];
  const params: Record<string, unknown> = { fromMs: filter.fromMs, toMs: filter.toMs, limit: filter.limit };
  if (filter.action) {
    where.push('action = {action:String}');
    params.action = filter.action;
  }
  if (filter.actor) {
    where.push('(actor = {actor:String} OR actor_id = {actor:String})');
    params.actor = filter.actor.trim().toLowerCase();
  }
  return selectAccountRows(
    client,
    auditRow,
    `SELECT toString(time) AS time_text, action, outcome, actor_id, actor, project, target, ip, user_agent, detail
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY time DESC LIMIT {limit:UInt32}`,
    params,
    'auth:audit',
  );
}
