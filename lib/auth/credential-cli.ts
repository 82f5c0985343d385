import type { ClickHouseClient } from '@clickhouse/client';
import { createAudited, existingCredential, KIND_NAMES, revokeAudited, type Actor } from './credential-actions';
import { listCredentials, type Credential, type CredentialKind } from './credentials';
import { UsageError } from './user-cli';

/**
 * The `token` and `key` commands of `npm run baton` (docs/security.md, "API
 * tokens", "Ingest keys"): add (prints the secret, once), list (never the
 * secret), revoke.
 */

export const CREDENTIAL_USAGE = `token commands (read-only API tokens for /api/v1, one project each):
  add --project <project> --name <name>   prints the token once: keep it, it cannot be shown again
  list                                    id, project, name, created, last used, state
  revoke --id <id>                        the token stops working at once

key commands (ingest keys: what an export sends is written to the key's project):
  add --project <project> --name <name>   prints the key once
  list
  revoke --id <id>`;

export interface CredentialOptions {
  project?: string;
  name?: string;
  id?: string;
}

const CLI_ACTOR: Actor = { id: '', label: 'cli', ip: 'cli' };

const need = (value: string | undefined, flag: string) => {
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
};

export const credentialLine = (c: Credential) =>
  [c.id, c.project, c.name, `created ${c.createdAt} by ${c.createdBy}`, c.lastUsedAt ? `last used ${c.lastUsedAt}` : 'never used', c.revoked ? 'revoked' : 'active'].join('\t');

export async function runCredentialCommand(client: ClickHouseClient, kind: CredentialKind, command: string, o: CredentialOptions): Promise<string> {
  const what = KIND_NAMES[kind];
  switch (command) {
    case 'add': {
      const { credential, secret } = await createAudited(client, kind, { project: need(o.project, 'project'), name: need(o.name, 'name') }, CLI_ACTOR);
      return `${secret}\n${what} ${credential.id} for project ${credential.project} added; the line above is the only time it is shown`;
    }
    case 'list':
      return (await listCredentials(client, kind)).map(credentialLine).join('\n') || `no ${what}s yet`;
    case 'revoke': {
      const revoked = await revokeAudited(client, kind, await existingCredential(client, kind, need(o.id, 'id')), CLI_ACTOR);
      return `${what} ${revoked.id} (${revoked.name}, project ${revoked.project}) revoked`;
    }
    default:
      throw new UsageError(`unknown ${kind === 'api-token' ? 'token' : 'key'} command "${command}"\n\n${CREDENTIAL_USAGE}`);
  }
}
