import type { ClickHouseClient } from '@clickhouse/client';
import type { UserPrincipal } from './principal';
import { findSession } from './sessions';
import { findUserById, membershipsOf } from './users';

/**
 * The signed-in person behind a session id, as the gate needs it on every
 * request: the session, the account and its roles, three small reads, kept
 * for CACHE_MS per session so a page's burst of API calls costs them once.
 * A sign-out in this process drops the entry at once (forgetSession); a role
 * or account change is seen within CACHE_MS (docs/security.md, "Sessions").
 */

const CACHE_MS = 10_000;
const CACHE_MAX = 10_000;

type Entry = { principal: UserPrincipal | undefined; until: number };
const KEY = Symbol.for('baton.auth.principals');
const holder = globalThis as { [KEY]?: Map<string, Entry> };
const cache = (holder[KEY] ??= new Map<string, Entry>());

export function forgetSession(sessionId: string): void {
  cache.delete(sessionId);
}

export async function userPrincipal(client: ClickHouseClient, sessionId: string, now = Date.now()): Promise<UserPrincipal | undefined> {
  const hit = cache.get(sessionId);
  if (hit && hit.until > now) return hit.principal;
  const principal = await resolve(client, sessionId);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(sessionId, { principal, until: now + CACHE_MS });
  return principal;
}

async function resolve(client: ClickHouseClient, sessionId: string): Promise<UserPrincipal | undefined> {
  const session = await findSession(client, sessionId);
  if (!session) return undefined;
  const user = await findUserById(client, session.userId);
  if (!user || user.disabled) return undefined;
  return { kind: 'user', id: user.id, email: user.email, name: user.name, sessionId, memberships: await membershipsOf(client, user.id) };
}
