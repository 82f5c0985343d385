import type { ClickHouseClient } from '@clickhouse/client';
import { recordAudit } from './audit';
import type { AuthRuntime } from './auth-runtime';
import { verifyPassword } from './passwords';
import { createSession, type AuthSession } from './sessions';
import { findUserByEmail, normalizeEmail, type User } from './users';

/**
 * Signing in with a local account's password (docs/security.md, "Local
 * accounts"): limited per account and per address, the same answer for an
 * unknown account, a wrong password and a disabled account, and every
 * attempt in the audit log.
 */

export type SignInResult = { ok: true; user: User; session: AuthSession } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'limited'; retryAfterMs: number };

export interface Attempt {
  email: string;
  password: string;
  ip: string;
  userAgent: string;
}

export async function signInWithPassword(client: ClickHouseClient, auth: AuthRuntime, attempt: Attempt): Promise<SignInResult> {
  const email = normalizeEmail(attempt.email);
  const base = { action: 'sign-in' as const, actor: email, ip: attempt.ip, userAgent: attempt.userAgent };
  const wait = auth.limiter.retryAfter(email, attempt.ip);
  if (wait > 0) {
    await recordAudit(client, { ...base, outcome: 'refused', detail: 'too many failed attempts' });
    return { ok: false, reason: 'limited', retryAfterMs: wait };
  }
  const user = await findUserByEmail(client, email);
  const matches = await verifyPassword(attempt.password, user?.passwordHash);
  if (!user || !matches || user.disabled) {
    auth.limiter.fail(email, attempt.ip);
    const detail = !user ? 'no such account' : user.disabled ? 'account disabled' : 'wrong password';
    await recordAudit(client, { ...base, actorId: user?.id, outcome: 'failed', detail: `password: ${detail}` });
    return { ok: false, reason: 'invalid' };
  }
  auth.limiter.succeed(email);
  const session = await createSession(client, user.id, { ip: attempt.ip, userAgent: attempt.userAgent });
  await recordAudit(client, { ...base, actorId: user.id, outcome: 'ok', detail: 'password' });
  return { ok: true, user, session };
}
