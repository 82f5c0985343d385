import type { ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import { unscoped } from '@/lib/db/read-scope';
import { selectRows } from '@/lib/db/select';

/**
 * Reads of the access tables (users, memberships, auth_sessions, audit_log,
 * api_tokens, ingest_keys, share_links, share_views).
 * They hold no telemetry of any project, and the sign-in gate reads them
 * before anyone's scope is known, so they run as Baton's own work
 * (`unscoped`, lib/db/read-scope.ts). Who may see the audit log is decided
 * by its route (admins of every project only).
 */
export function selectAccountRows<T extends z.ZodType>(client: ClickHouseClient, schema: T, query: string, params: Record<string, unknown>, tag: string): Promise<z.output<T>[]> {
  return unscoped('access tables hold no project data', () => selectRows(client, schema, query, params, tag));
}
