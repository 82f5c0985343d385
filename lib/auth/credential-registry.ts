import type { ClickHouseClient } from '@clickhouse/client';
import { log } from '@/lib/log';
import { liveCredentials, recordUse, type Credential, type CredentialKind } from './credentials';
import { hashSecret, SECRET_PREFIXES, sameHash } from './secrets';

/**
 * The working (not revoked) tokens and keys, held in memory by the SHA-256 of
 * their secret, so a request is checked by one hash and one map lookup, never
 * a query. A creation or revocation in this process is applied here at once;
 * other processes' changes are read again every REFRESH_MS (API tokens) or
 * INGEST_REFRESH_MS (ingest keys, refreshed in the background so the ingest
 * path never waits for the store).
 *
 * "Last used" is written at most once per USE_WRITE_MS per token or key, not
 * on every request.
 *
 * On globalThis: the server entry (gate, receivers) and the API routes
 * (Next.js's bundle) load separate copies of this module.
 */

export const REFRESH_MS: Record<CredentialKind, number> = { 'api-token': 10_000, 'ingest-key': 30_000 };
export const USE_WRITE_MS = 60_000;

interface Registry {
  byHash: Map<string, Credential>;
  /** When the store was last read; 0 = never. */
  loadedAt: number;
  loading?: Promise<void>;
  /** Per id: when its use was last written. */
  usesWritten: Map<string, number>;
}

const KEY = Symbol.for('baton.auth.credentials');
const holder = globalThis as { [KEY]?: Record<CredentialKind, Registry> };
const fresh = (): Registry => ({ byHash: new Map(), loadedAt: 0, usesWritten: new Map() });
const registries = (holder[KEY] ??= { 'api-token': fresh(), 'ingest-key': fresh() });

/** Reads the working tokens or keys from the store (one read at a time; callers share it). */
export function loadCredentials(client: ClickHouseClient, kind: CredentialKind, now = Date.now()): Promise<void> {
  const r = registries[kind];
  r.loading ??= liveCredentials(client, kind)
    .then((rows) => {
      r.byHash = new Map(rows.map((c) => [c.tokenHash, c]));
      r.loadedAt = now;
    })
    .finally(() => (r.loading = undefined));
  return r.loading;
}

/** A creation or revocation made in this process, applied at once. */
export function noteChanged(kind: CredentialKind, credential: Credential): void {
  const r = registries[kind];
  if (credential.revoked) {
    r.byHash.delete(credential.tokenHash);
    r.usesWritten.delete(credential.id);
  } else r.byHash.set(credential.tokenHash, credential);
}

function match(kind: CredentialKind, secret: string): Credential | undefined {
  if (!secret.startsWith(SECRET_PREFIXES[kind])) return undefined;
  const hash = hashSecret(secret);
  const found = registries[kind].byHash.get(hash);
  // The map found it by hash; the constant-time comparison is the check.
  return found && sameHash(found.tokenHash, hash) ? found : undefined;
}

/** The working API token with this secret; reads the store again first when what is held is older than REFRESH_MS. */
export async function findApiToken(client: ClickHouseClient, secret: string, now = Date.now()): Promise<Credential | undefined> {
  if (now - registries['api-token'].loadedAt > REFRESH_MS['api-token']) await loadCredentials(client, 'api-token', now);
  return match('api-token', secret);
}

/**
 * The working ingest key with this secret, from memory only. When what is
 * held is older than INGEST_REFRESH_MS, a read is started for later requests.
 */
export function findIngestKey(client: () => ClickHouseClient, secret: string, now = Date.now()): Credential | undefined {
  const r = registries['ingest-key'];
  if (now - r.loadedAt > REFRESH_MS['ingest-key'] && !r.loading) {
    void loadCredentials(client(), 'ingest-key', now).catch((err: unknown) => {
      r.loadedAt = now; // try again after another REFRESH_MS, not on every request
      log.warn('could not read ingest keys again; using the ones held', { error: err instanceof Error ? err.message : String(err) });
    });
  }
  return match('ingest-key', secret);
}

/** Whether any stored ingest key works (then every export needs a key). */
export const anyIngestKey = () => registries['ingest-key'].byHash.size > 0;

/** Writes "last used" now unless it was written less than USE_WRITE_MS ago; never fails the request. */
export function noteUsed(client: ClickHouseClient, kind: CredentialKind, credential: Credential, now = Date.now()): void {
  const r = registries[kind];
  const last = r.usesWritten.get(credential.id);
  if (last !== undefined && now - last < USE_WRITE_MS) return;
  r.usesWritten.set(credential.id, now);
  recordUse(client, kind, credential, now).catch((err: unknown) => log.warn('could not record a use', { kind, id: credential.id, error: err instanceof Error ? err.message : String(err) }));
}

/** Forgets everything held (tests). */
export function resetCredentialRegistry(): void {
  registries['api-token'] = fresh();
  registries['ingest-key'] = fresh();
}
