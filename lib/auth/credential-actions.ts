import type { ClickHouseClient } from '@clickhouse/client';
import { recordAudit, type AuditAction } from './audit';
import { noteChanged } from './credential-registry';
import { createCredential, CredentialError, findCredential, revokeCredential, type Credential, type CredentialKind } from './credentials';

/**
 * Making and revoking tokens and keys, as the CLI and the API both do it:
 * the store, this process's registry (so a revocation works at once) and the
 * audit log, in that order, so an answered change is on record.
 */

export const KIND_NAMES: Record<CredentialKind, string> = { 'api-token': 'API token', 'ingest-key': 'ingest key' };

const ACTIONS: Record<CredentialKind, { create: AuditAction; revoke: AuditAction }> = {
  'api-token': { create: 'token.create', revoke: 'token.revoke' },
  'ingest-key': { create: 'ingest-key.create', revoke: 'ingest-key.revoke' },
};

/** Who made the change, for the record and the audit log. */
export interface Actor {
  /** An account id, or empty (the CLI). */
  id: string;
  /** An email, or `cli`. */
  label: string;
  ip: string;
  userAgent?: string;
}

export async function createAudited(
  client: ClickHouseClient,
  kind: CredentialKind,
  input: { project: string; name: string },
  actor: Actor,
): Promise<{ credential: Credential; secret: string }> {
  const made = await createCredential(client, kind, { ...input, createdBy: actor.label });
  noteChanged(kind, made.credential);
  await recordAudit(client, {
    action: ACTIONS[kind].create,
    outcome: 'ok',
    actorId: actor.id,
    actor: actor.label,
    project: made.credential.project,
    target: made.credential.id,
    ip: actor.ip,
    userAgent: actor.userAgent,
    detail: `name ${made.credential.name}`,
  });
  return made;
}

/** Finds a token or key by id, or says there is none. */
export async function existingCredential(client: ClickHouseClient, kind: CredentialKind, id: string): Promise<Credential> {
  const found = await findCredential(client, kind, id);
  if (!found) throw new CredentialError(`no ${KIND_NAMES[kind]} has the id ${id}`);
  return found;
}

/** Revokes it (again, harmlessly, when it already is). */
export async function revokeAudited(client: ClickHouseClient, kind: CredentialKind, credential: Credential, actor: Actor): Promise<Credential> {
  const revoked = await revokeCredential(client, kind, credential);
  noteChanged(kind, revoked);
  await recordAudit(client, {
    action: ACTIONS[kind].revoke,
    outcome: 'ok',
    actorId: actor.id,
    actor: actor.label,
    project: revoked.project,
    target: revoked.id,
    ip: actor.ip,
    userAgent: actor.userAgent,
    detail: `name ${revoked.name}`,
  });
  return revoked;
}
