import type { ClickHouseClient } from '@clickhouse/client';
import { recordAudit } from './audit';
import type { AuthRuntime } from './auth-runtime';
import { cookieHeader } from './cookies';
import { oidcTransactionSchema, type OidcIdentity, type OidcTransaction } from './oidc';
import { createSession, type AuthSession } from './sessions';
import { createUser, findUserByEmail, findUserByOidc, saveUser, type User } from './users';

/**
 * The Baton side of an OpenID Connect sign-in (docs/security.md, "OpenID
 * Connect"): the transaction kept in a short-lived signed cookie between the
 * start and the callback, and the account a provider's identity signs in as.
 *
 * An identity is found by (issuer, subject). The first time, it is linked to
 * the account with the same email when the provider says the email is
 * verified (so an admin can invite people by email with the CLI), or gets a
 * new account with no role: it can sign in but sees nothing until an admin
 * gives it one.
 */

const TRANSACTION_COOKIE = 'baton_oidc';
const TRANSACTION_SECONDS = 600;

const transactionCookieName = (auth: AuthRuntime) => (auth.secureCookies ? `__Host-${TRANSACTION_COOKIE}` : TRANSACTION_COOKIE);

export function transactionCookie(auth: AuthRuntime, transaction: OidcTransaction): string {
  const value = auth.signer.sign('oidc-transaction', Buffer.from(JSON.stringify(transaction)).toString('base64url'));
  return cookieHeader(auth, transactionCookieName(auth), value, TRANSACTION_SECONDS);
}

export const clearedTransactionCookie = (auth: AuthRuntime) => cookieHeader(auth, transactionCookieName(auth), '', 0);

/** The transaction this browser started, or undefined (none, expired, tampered). */
export function readTransaction(auth: AuthRuntime, cookies: { get(name: string): { value: string } | undefined }): OidcTransaction | undefined {
  const value = auth.signer.verify('oidc-transaction', cookies.get(transactionCookieName(auth))?.value);
  if (!value) return undefined;
  try {
    const parsed = oidcTransactionSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export type OidcAccountResult = { ok: true; user: User; session: AuthSession } | { ok: false; reason: 'disabled' };

export async function signInWithOidc(client: ClickHouseClient, identity: OidcIdentity, meta: { ip: string; userAgent: string }): Promise<OidcAccountResult> {
  const audit = { action: 'sign-in' as const, ip: meta.ip, userAgent: meta.userAgent };
  let user = await findUserByOidc(client, identity.issuer, identity.subject);
  let how = 'oidc';
  if (!user) {
    const byEmail = identity.email && identity.emailVerified === true ? await findUserByEmail(client, identity.email) : undefined;
    if (byEmail && !byEmail.oidcSubject) {
      user = { ...byEmail, oidcIssuer: identity.issuer, oidcSubject: identity.subject, name: byEmail.name === byEmail.email && identity.name ? identity.name : byEmail.name };
      await saveUser(client, user);
      how = 'oidc, linked by verified email';
    } else {
      // Without a verified email of its own the account is keyed by the subject alone.
      const email = identity.email && identity.emailVerified === true && !byEmail ? identity.email : `${identity.subject}@oidc.invalid`;
      user = await createUser(client, { email, name: identity.name ?? identity.email ?? identity.subject, oidcIssuer: identity.issuer, oidcSubject: identity.subject });
      how = 'oidc, new account without a role';
      await recordAudit(client, { ...audit, action: 'user.create', outcome: 'ok', actorId: user.id, actor: user.email, target: user.email, detail: `first sign-in through ${identity.issuer}` });
    }
  }
  if (user.disabled) {
    await recordAudit(client, { ...audit, outcome: 'failed', actorId: user.id, actor: user.email, detail: 'oidc: account disabled' });
    return { ok: false, reason: 'disabled' };
  }
  const session = await createSession(client, user.id, meta);
  await recordAudit(client, { ...audit, outcome: 'ok', actorId: user.id, actor: user.email, detail: how });
  return { ok: true, user, session };
}
