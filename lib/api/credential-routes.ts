import type { z } from 'zod';
import { createAudited, existingCredential, KIND_NAMES, revokeAudited, type Actor } from '@/lib/auth/credential-actions';
import { CredentialError, listCredentials, type Credential, type CredentialKind } from '@/lib/auth/credentials';
import { clientIpOf, principalOf, type Principal } from '@/lib/auth/principal';
import { projectsWithRole } from '@/lib/auth/roles';
import { storeClient } from '@/lib/runtime';
import {
  createCredentialBody,
  credentialIdSchema,
  keyCreatedSchema,
  keyListSchema,
  keyRevokedSchema,
  tokenCreatedSchema,
  tokenListSchema,
  tokenRevokedSchema,
  type CredentialView,
} from '@/lib/schemas/credentials';
import { ApiError, parseInput, respond } from './respond';

/**
 * `/api/v1/tokens` and `/api/v1/ingest-keys` (docs/api.md, "Access"): list,
 * create (the answer carries the secret, once) and revoke, for admins of the
 * token's or key's project (or of every project). State changes pass the
 * gate's cross-site check like every POST and DELETE.
 */

const SHAPES = {
  'api-token': { one: 'token', many: 'tokens', list: tokenListSchema, created: tokenCreatedSchema, revoked: tokenRevokedSchema },
  'ingest-key': { one: 'key', many: 'keys', list: keyListSchema, created: keyCreatedSchema, revoked: keyRevokedSchema },
} as const;

export const credentialView = (c: Credential): CredentialView => ({
  id: c.id,
  project: c.project,
  name: c.name,
  createdBy: c.createdBy,
  createdAt: c.createdAt,
  lastUsedAt: c.lastUsedAt,
  state: c.revoked ? 'revoked' : 'active',
});

/** The projects the caller administers: 'all', or a list; a 401/403 when none. */
function administered(principal: Principal, kind: CredentialKind): 'all' | string[] {
  if (principal.kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'sign in first');
  const projects = projectsWithRole(principal, 'admin');
  if (projects !== 'all' && projects.length === 0) throw new ApiError(403, 'forbidden', `only an admin of the project may see, make or revoke its ${KIND_NAMES[kind]}s`);
  return projects;
}

function mayAdminister(principal: Principal, kind: CredentialKind, project: string): void {
  const projects = administered(principal, kind);
  if (projects !== 'all' && !projects.includes(project)) throw new ApiError(403, 'forbidden', `only an admin of project "${project}" may make or revoke its ${KIND_NAMES[kind]}s`);
}

function actorOf(principal: Principal, request: Request): Actor {
  const user = principal.kind === 'user' ? principal : undefined;
  return { id: user?.id ?? '', label: user?.email ?? principal.kind, ip: clientIpOf(request.headers), userAgent: request.headers.get('user-agent') ?? '' };
}

async function jsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ApiError(400, 'bad_request', 'the body must be JSON: {"project": "…", "name": "…"}');
  }
  return parseInput(schema, body);
}

const asBadRequest = (err: unknown) => (err instanceof CredentialError ? new ApiError(400, 'bad_request', err.message) : err);

export function listRoute(kind: CredentialKind) {
  const shape = SHAPES[kind];
  return (request: Request) =>
    respond(request, shape.list, async () => {
      const projects = administered(principalOf(request.headers), kind);
      const all = await listCredentials(storeClient(), kind, projects === 'all' ? undefined : projects);
      return { [shape.many]: all.map(credentialView) } as z.output<typeof shape.list>;
    });
}

export function createRoute(kind: CredentialKind) {
  const shape = SHAPES[kind];
  return (request: Request) =>
    respond(request, shape.created, async () => {
      const principal = principalOf(request.headers);
      administered(principal, kind);
      const input = await jsonBody(request, createCredentialBody);
      mayAdminister(principal, kind, input.project);
      const made = await createAudited(storeClient(), kind, input, actorOf(principal, request)).catch((err: unknown) => {
        throw asBadRequest(err);
      });
      return { [shape.one]: credentialView(made.credential), secret: made.secret } as z.output<typeof shape.created>;
    });
}

export function revokeRoute(kind: CredentialKind) {
  const shape = SHAPES[kind];
  return (request: Request, id: string) =>
    respond(request, shape.revoked, async () => {
      const principal = principalOf(request.headers);
      administered(principal, kind);
      const client = storeClient();
      const found = await existingCredential(client, kind, parseInput(credentialIdSchema, id)).catch((err: unknown) => {
        throw err instanceof CredentialError ? new ApiError(404, 'not_found', err.message) : err;
      });
      mayAdminister(principal, kind, found.project);
      const revoked = await revokeAudited(client, kind, found, actorOf(principal, request));
      return { [shape.one]: credentialView(revoked) } as z.output<typeof shape.revoked>;
    });
}
