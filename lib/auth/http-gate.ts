import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClickHouseClient } from '@clickhouse/client';
import type { AuthRuntime } from './auth-runtime';
import { readCookie, sessionCookieName } from './cookies';
import { findApiToken, noteUsed } from './credential-registry';
import { checkShareToken } from '@/lib/share/links';
import { decide, INVALID_SHARE, INVALID_TOKEN, type GateDecision } from './gate';
import { CLIENT_IP_HEADER, encodePrincipal, PRINCIPAL_HEADER, SHARE_HEADER, type Principal } from './principal';
import { bearerSecret } from './secrets';
import { userPrincipal } from './user-principal';

/**
 * The gate as the server entry runs it on every UI and API request: works out
 * who is asking (an API token in `Authorization: Bearer`, else the signed
 * session cookie), applies gate.ts's decision, and
 * hands the principal and the client's address to Next.js in request headers
 * it always overwrites. Returns false when it has answered the request itself.
 */

/** Who is asking; undefined for a `Bearer` token that is not a working API token. */
export async function principalOfRequest(req: IncomingMessage, auth: AuthRuntime | undefined, client: () => ClickHouseClient): Promise<Principal | GateDecision> {
  // A share page's calls carry its token, with or without sign-in configured: the link's scope and redaction apply.
  const share = req.headers[SHARE_HEADER];
  if (typeof share === 'string') {
    const check = await checkShareToken(client(), share);
    if (!check.ok) return INVALID_SHARE;
    const { id, resource, target, project, redact } = check.link;
    return { kind: 'share', linkId: id, resource, target, project, redact };
  }
  if (!auth) return { kind: 'open' };
  const secret = bearerSecret(req.headers.authorization);
  if (secret !== undefined) {
    const store = client();
    const token = await findApiToken(store, secret);
    if (!token) return INVALID_TOKEN;
    noteUsed(store, 'api-token', token);
    return { kind: 'token', tokenId: token.id, name: token.name, project: token.project };
  }
  const sessionId = auth.signer.verify('session', readCookie(req.headers.cookie, sessionCookieName(auth)));
  if (!sessionId) return { kind: 'anonymous' };
  return (await userPrincipal(client(), sessionId)) ?? { kind: 'anonymous' };
}

export async function gateRequest(req: IncomingMessage, res: ServerResponse, auth: AuthRuntime | undefined, client: () => ClickHouseClient): Promise<boolean> {
  const principal = await principalOfRequest(req, auth, client);
  const decision = 'action' in principal ? principal : decide({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, principal, auth?.publicUrl);
  if (decision.action === 'redirect') {
    res.writeHead(303, { Location: decision.location, 'Cache-Control': 'no-store' }).end();
    return false;
  }
  if (decision.action === 'refuse') {
    // The API answers in its error shape; a page or an embed (shown in an iframe) in words.
    const api = /^\/api(\/|$)/.test(req.url ?? '/');
    res.writeHead(decision.status, { 'Content-Type': api ? 'application/json' : 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(api ? JSON.stringify({ error: { code: decision.code, message: decision.message } }) : `Baton: ${decision.message}\n`);
    return false;
  }
  req.headers[PRINCIPAL_HEADER] = encodePrincipal(principal as Principal);
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? '';
  return true;
}
