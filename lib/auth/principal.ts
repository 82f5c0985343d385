import { z } from 'zod';
import { REDACTIONS, SHARE_RESOURCES } from '@/lib/share/kinds';
import { ROLES, type Membership } from './users';

/**
 * Who is asking (docs/security.md): decided once per request by the server
 * entry's gate (gate.ts) and handed to Next.js route handlers and pages in the
 * `x-baton-principal` request header. The gate overwrites that header on
 * every request, so a value sent by a client never reaches a handler.
 */

export const PRINCIPAL_HEADER = 'x-baton-principal';
export const CLIENT_IP_HEADER = 'x-baton-client-ip';
/** The share token the `/s/{token}` page's API calls carry. */
export const SHARE_HEADER = 'x-baton-share';

const principalSchema = z.discriminatedUnion('kind', [
  /** No sign-in configured: loopback only, or BATON_AUTH=none. */
  z.object({ kind: z.literal('open') }),
  /** Sign-in configured, nobody signed in. */
  z.object({ kind: z.literal('anonymous') }),
  z.object({
    kind: z.literal('user'),
    id: z.string(),
    email: z.string(),
    name: z.string(),
    sessionId: z.string(),
    memberships: z.array(z.object({ project: z.string(), role: z.enum(ROLES) })),
  }),
  /** An API token (`Authorization: Bearer …`): reads one project's data, changes nothing. */
  z.object({ kind: z.literal('token'), tokenId: z.string(), name: z.string(), project: z.string() }),
  /** A share link's token (`x-baton-share`, sent by the `/s/{token}` page): reads its one resource, redacted as the link says. */
  z.object({
    kind: z.literal('share'),
    linkId: z.string(),
    resource: z.enum(SHARE_RESOURCES),
    target: z.string(),
    project: z.string(),
    redact: z.enum(REDACTIONS),
  }),
]);

export type Principal = z.infer<typeof principalSchema>;
export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export function encodePrincipal(p: Principal): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

/** The request's principal; a request that did not pass the gate (no header) is anonymous. */
export function principalOf(headers: Pick<Headers, 'get'>): Principal {
  const raw = headers.get(PRINCIPAL_HEADER);
  if (!raw) return { kind: 'anonymous' };
  const parsed = principalSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  return parsed.success ? parsed.data : { kind: 'anonymous' };
}

export const clientIpOf = (headers: Pick<Headers, 'get'>) => headers.get(CLIENT_IP_HEADER) ?? '';

/** The strongest role the person holds in any project (for what the UI offers). */
export function topRole(memberships: readonly Membership[]): Membership['role'] | undefined {
  let best = -1;
  for (const m of memberships) best = Math.max(best, ROLES.indexOf(m.role));
  return best >= 0 ? ROLES[best] : undefined;
}
