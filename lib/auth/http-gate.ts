import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClickHouseClient } from '@clickhouse/client';
import type { AuthRuntime } from './auth-runtime';
import { readCookie, sessionCookieName } from './cookies';
import { decide } from './gate';
import { CLIENT_IP_HEADER, encodePrincipal, PRINCIPAL_HEADER, type Principal } from './principal';
import { userPrincipal } from './user-principal';

/**
 * The gate as the server entry runs it on every UI and API request: works out
 * who is asking (the signed session cookie), applies gate.ts's decision, and
 * hands the principal and the client's address to Next.js in request headers
 * it always overwrites. Returns false when it has answered the request itself.
 */

export async function principalOfRequest(req: IncomingMessage, auth: AuthRuntime | undefined, client: () => ClickHouseClient): Promise<Principal> {
  if (!auth) return { kind: 'open' };
  const sessionId = auth.signer.verify('session', readCookie(req.headers.cookie, sessionCookieName(auth)));
  if (!sessionId) return { kind: 'anonymous' };
  return (await userPrincipal(client(), sessionId)) ?? { kind: 'anonymous' };
}

export async function gateRequest(req: IncomingMessage, res: ServerResponse, auth: AuthRuntime | undefined, client: () => ClickHouseClient): Promise<boolean> {
  const principal = await principalOfRequest(req, auth, client);
  const decision = decide({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, principal, auth?.publicUrl);
  if (decision.action === 'redirect') {
    res.writeHead(303, { Location: decision.location, 'Cache-Control': 'no-store' }).end();
    return false;
  }
  if (decision.action === 'refuse') {
    res.writeHead(decision.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ error: { code: decision.code, message: decision.message } }));
    return false;
  }
  req.headers[PRINCIPAL_HEADER] = encodePrincipal(principal);
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? '';
  return true;
}
