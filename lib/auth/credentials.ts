import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectAccountRows } from './account-reads';
import { newSecret, type SecretKind } from './secrets';
import { newId, nextVersion } from './users';
import { fromStoreMillis, toStoreMillis } from '@/lib/domain/time';

/**
 * Stored API tokens and ingest keys (docs/security.md, "API tokens", "Ingest
 * keys"): the same record in two tables (lib/db/migrations/0010_tokens.sql).
 * Each belongs to one project, has a name people gave it, who made it and
 * when, when it was last used, and whether it is revoked. The secret is
 * returned once, by createCredential; only its SHA-256 is kept.
 */

export type CredentialKind = SecretKind;

const TABLES: Record<CredentialKind, string> = { 'api-token': 'api_tokens', 'ingest-key': 'ingest_keys' };

/**
 * Added to a revocation's version: a "last used" write made from a copy held
 * before the revocation has a lower version, so it never un-revokes. (2^60
 * plus a microsecond clock stays far below UInt64's limit.)
 */
const REVOKED_VERSION_OFFSET = 2 ** 60;

export interface Credential {
  id: string;
  project: string;
  name: string;
  tokenHash: string;
  createdBy: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, or null when never used. */
  lastUsedAt: string | null;
  revoked: boolean;
}


const credentialRow = z
  .object({
    id: z.string(),
    project: z.string(),
    name: z.string(),
    token_hash: z.string(),
    created_by: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked: z.coerce.number(),
  })
  .transform(
    (r): Credential => ({
      id: r.id,
      project: r.project,
      name: r.name,
      tokenHash: r.token_hash,
      createdBy: r.created_by,
      createdAt: fromStoreMillis(r.created_at),
      lastUsedAt: r.last_used_at ? fromStoreMillis(r.last_used_at) : null,
      revoked: r.revoked === 1,
    }),
  );

const COLUMNS = 'id, project, name, token_hash, created_by, toString(created_at) AS created_at, toString(last_used_at) AS last_used_at, revoked';

async function write(client: ClickHouseClient, kind: CredentialKind, c: Credential): Promise<void> {
  await client.insert({
    table: TABLES[kind],
    format: 'JSONEachRow',
    values: [
      {
        id: c.id,
        project: c.project,
        name: c.name,
        token_hash: c.tokenHash,
        created_by: c.createdBy,
        created_at: toStoreMillis(c.createdAt),
        last_used_at: c.lastUsedAt ? toStoreMillis(c.lastUsedAt) : null,
        revoked: c.revoked ? 1 : 0,
        version: c.revoked ? REVOKED_VERSION_OFFSET + nextVersion() : nextVersion(),
      },
    ],
  });
}

export class CredentialError extends Error {
  override name = 'CredentialError';
}

/** Project names as spans carry them (`baton.project`); '*' is not one. */
export function checkProject(project: string): string {
  const p = project.trim();
  if (!p || p === '*' || p.length > 200 || /[\u0000-\u001f]/.test(p)) throw new CredentialError(`"${project}" is not a project name (a token or key belongs to one project)`);
  return p;
}

/** A new token or key; `secret` is the only copy of it there will ever be. */
export async function createCredential(
  client: ClickHouseClient,
  kind: CredentialKind,
  input: { project: string; name: string; createdBy: string },
  now = Date.now(),
): Promise<{ credential: Credential; secret: string }> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new CredentialError('a name (1 to 200 characters) is required: it says what the secret is for');
  const { secret, hash } = newSecret(kind);
  const credential: Credential = {
    id: newId(),
    project: checkProject(input.project),
    name,
    tokenHash: hash,
    createdBy: input.createdBy,
    createdAt: new Date(now).toISOString(),
    lastUsedAt: null,
    revoked: false,
  };
  await write(client, kind, credential);
  return { credential, secret };
}

/** Every token or key (revoked ones too), newest first; only these projects' when given. */
export async function listCredentials(client: ClickHouseClient, kind: CredentialKind, projects?: readonly string[]): Promise<Credential[]> {
  const where = projects ? 'WHERE has({projects:Array(String)}, project)' : '';
  return selectAccountRows(client, credentialRow, `SELECT ${COLUMNS} FROM ${TABLES[kind]} FINAL ${where} ORDER BY created_at DESC, id`, projects ? { projects } : {}, `auth:${kind}s`);
}

/** The tokens or keys that work: not revoked. */
export async function liveCredentials(client: ClickHouseClient, kind: CredentialKind): Promise<Credential[]> {
  return selectAccountRows(client, credentialRow, `SELECT ${COLUMNS} FROM ${TABLES[kind]} FINAL WHERE revoked = 0`, {}, `auth:live-${kind}s`);
}

export async function findCredential(client: ClickHouseClient, kind: CredentialKind, id: string): Promise<Credential | undefined> {
  const rows = await selectAccountRows(client, credentialRow, `SELECT ${COLUMNS} FROM ${TABLES[kind]} FINAL WHERE id = {id:String}`, { id }, `auth:${kind}`);
  return rows[0];
}

/** Revokes it for good (a revoked token or key cannot be brought back: make a new one). */
export async function revokeCredential(client: ClickHouseClient, kind: CredentialKind, credential: Credential): Promise<Credential> {
  const revoked = { ...credential, revoked: true };
  await write(client, kind, revoked);
  return revoked;
}

/** Records a use (callers throttle this: see credential-registry.ts). */
export async function recordUse(client: ClickHouseClient, kind: CredentialKind, credential: Credential, now = Date.now()): Promise<void> {
  await write(client, kind, { ...credential, lastUsedAt: new Date(now).toISOString() });
}
