import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectAccountRows } from './account-reads';
import { forgetSession } from './user-principal';
import { nextVersion } from './users';
import { toStoreMillis } from '@/lib/domain/time';

/**
 * Signed-in sessions (docs/security.md, "Sessions"). The cookie holds a random
 * 256-bit id signed with BATON_AUTH_SECRET; the id's row says whose session it
 * is, until when, and whether it was signed out. A session lasts
 * SESSION_DAYS from sign-in.
 * The gate caches what a session resolves to (user-principal.ts).
 */

export const SESSION_DAYS = 7;

export interface AuthSession {
  id: string;
  userId: string;
  expiresAt: number;
}

const sessionRow = z.object({ id: z.string(), user_id: z.string(), expires_ms: z.coerce.number(), revoked: z.coerce.number() });


async function write(client: ClickHouseClient, s: AuthSession, revoked: boolean, meta: { ip: string; userAgent: string; createdAt: number }): Promise<void> {
  await client.insert({
    table: 'auth_sessions',
    format: 'JSONEachRow',
    values: [
      {
        id: s.id,
        user_id: s.userId,
        created_at: toStoreMillis(meta.createdAt),
        expires_at: toStoreMillis(s.expiresAt),
        revoked: revoked ? 1 : 0,
        ip: meta.ip,
        user_agent: meta.userAgent.slice(0, 512),
        version: nextVersion(),
      },
    ],
  });
}

export async function createSession(client: ClickHouseClient, userId: string, meta: { ip: string; userAgent: string }, now = Date.now()): Promise<AuthSession> {
  const session = { id: randomBytes(32).toString('base64url'), userId, expiresAt: now + SESSION_DAYS * 86_400_000 };
  await write(client, session, false, { ...meta, createdAt: now });
  return session;
}

/** The live session with this id: not signed out, not expired. */
export async function findSession(client: ClickHouseClient, id: string, now = Date.now()): Promise<AuthSession | undefined> {
  const rows = await selectAccountRows(
    client,
    sessionRow,
    'SELECT id, user_id, toUnixTimestamp64Milli(expires_at) AS expires_ms, revoked FROM auth_sessions FINAL WHERE id = {id:String}',
    { id },
    'auth:session',
  );
  const row = rows[0];
  return row && row.revoked === 0 && row.expires_ms > now ? { id: row.id, userId: row.user_id, expiresAt: row.expires_ms } : undefined;
}

/** Signs the session out: its cookie is refused from now on. */
export async function revokeSession(client: ClickHouseClient, session: AuthSession): Promise<void> {
  await write(client, session, true, { ip: '', userAgent: '', createdAt: Date.now() });
  forgetSession(session.id);
}

/** Every live session of a person (when their account is disabled or their password changes). */
export async function revokeSessionsOf(client: ClickHouseClient, userId: string): Promise<number> {
  const rows = await selectAccountRows(
    client,
    sessionRow,
    'SELECT id, user_id, toUnixTimestamp64Milli(expires_at) AS expires_ms, revoked FROM auth_sessions FINAL WHERE user_id = {userId:String} AND revoked = 0 AND expires_at > now64(3)',
    { userId },
    'auth:sessions-of',
  );
  for (const row of rows) await revokeSession(client, { id: row.id, userId: row.user_id, expiresAt: row.expires_ms });
  return rows.length;
}
