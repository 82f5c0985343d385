import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/db/store';
import { tempStore } from '@/tests/helpers/temp-store';
import { listAudit } from './audit';
import { createAudited, revokeAudited } from './credential-actions';
import { runCredentialCommand } from './credential-cli';
import { anyIngestKey, findApiToken, findIngestKey, loadCredentials, noteUsed, resetCredentialRegistry, USE_WRITE_MS } from './credential-registry';
import { findCredential, listCredentials, recordUse, revokeCredential } from './credentials';
import { bearerSecret, hashSecret, newSecret, sameHash } from './secrets';

/** API tokens and ingest keys on a real embedded store: secrets, lookups, revocation, last use, the CLI and the audit log. */

let store: Store;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ store, cleanup } = await tempStore()));
afterAll(async () => cleanup());
beforeEach(() => resetCredentialRegistry());

const admin = { id: 'u1', label: 'ada@example.com', ip: '10.0.0.1' };
const lastDay = () => ({ fromMs: Date.now() - 86_400_000, toMs: Date.now() + 60_000, limit: 100 });

describe('secrets', () => {
  it('are 32 random bytes behind a prefix that says what they are, kept only as SHA-256', () => {
    const a = newSecret('api-token');
    const b = newSecret('api-token');
    expect(a.secret).toMatch(/^baton_tok_[\w-]{43}$/);
    expect(newSecret('ingest-key').secret).toMatch(/^baton_ik_[\w-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(hashSecret(a.secret));
    expect(sameHash(a.hash, hashSecret(a.secret))).toBe(true);
    expect(sameHash(a.hash, b.hash)).toBe(false);
    expect(sameHash('', '')).toBe(false);
  });

  it('are read from `Authorization: Bearer <secret>` only', () => {
    expect(bearerSecret('Bearer baton_tok_abc')).toBe('baton_tok_abc');
    expect(bearerSecret('  bearer  baton_tok_abc ')).toBe('baton_tok_abc');
    for (const h of [undefined, '', 'Basic YWJj', 'Bearer', 'Bearer a b']) expect(bearerSecret(h), String(h)).toBeUndefined();
  });
});

describe('stored tokens and keys', () => {
  it('stores the hash, never the secret, and finds a token by its secret only', async () => {
    const { credential, secret } = await createAudited(store.client, 'api-token', { project: 'shop', name: 'postmortems' }, admin);
    const rows = await store.client.query({ query: 'SELECT * FROM api_tokens FINAL', format: 'JSONEachRow' }).then((r) => r.json<Record<string, unknown>>());
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0]).toMatchObject({ project: 'shop', name: 'postmortems', token_hash: hashSecret(secret), created_by: 'ada@example.com', revoked: 0 });
    resetCredentialRegistry(); // as another process would: from the store
    expect(await findApiToken(store.client, secret)).toMatchObject({ id: credential.id, project: 'shop' });
    expect(await findApiToken(store.client, `${secret.slice(0, -1)}x`)).toBeUndefined();
    expect(await findApiToken(store.client, secret.replace('baton_tok_', 'baton_ik_'))).toBeUndefined();
  });

  it('refuses a revoked token at once in this process, and in another after it reads the store', async () => {
    const { credential, secret } = await createAudited(store.client, 'api-token', { project: 'shop', name: 'ci' }, admin);
    expect(await findApiToken(store.client, secret)).toBeDefined();
    await revokeAudited(store.client, 'api-token', credential, admin);
    expect(await findApiToken(store.client, secret)).toBeUndefined();
    resetCredentialRegistry();
    expect(await findApiToken(store.client, secret)).toBeUndefined();
    expect((await findCredential(store.client, 'api-token', credential.id))?.revoked).toBe(true);
  });

  it('never lets a late "last used" write bring a revoked token back', async () => {
    const { credential, secret } = await createAudited(store.client, 'api-token', { project: 'shop', name: 'late' }, admin);
    await revokeCredential(store.client, 'api-token', credential);
    // A process that read the token before the revocation records a use afterwards.
    await recordUse(store.client, 'api-token', credential);
    expect((await findCredential(store.client, 'api-token', credential.id))?.revoked).toBe(true);
    expect(await findApiToken(store.client, secret)).toBeUndefined();
  });

  it('writes "last used" at most once a minute per token', async () => {
    const { credential } = await createAudited(store.client, 'api-token', { project: 'shop', name: 'busy' }, admin);
    const t0 = Date.parse('2026-01-02T03:04:05.000Z');
    const usedAt = async () => (await findCredential(store.client, 'api-token', credential.id))?.lastUsedAt;
    const settle = () => new Promise((r) => setTimeout(r, 300));
    noteUsed(store.client, 'api-token', credential, t0);
    await settle();
    expect(await usedAt()).toBe('2026-01-02T03:04:05.000Z');
    noteUsed(store.client, 'api-token', credential, t0 + USE_WRITE_MS - 1);
    await settle();
    expect(await usedAt()).toBe('2026-01-02T03:04:05.000Z');
    noteUsed(store.client, 'api-token', credential, t0 + USE_WRITE_MS);
    await settle();
    expect(await usedAt()).toBe('2026-01-02T03:05:05.000Z');
  });

  it('holds ingest keys in memory: found without a query, and "any key" known', async () => {
    expect(anyIngestKey()).toBe(false);
    const { secret } = await createAudited(store.client, 'ingest-key', { project: 'billing', name: 'billing-app' }, admin);
    resetCredentialRegistry();
    await loadCredentials(store.client, 'ingest-key');
    expect(anyIngestKey()).toBe(true);
    let asked = 0;
    const client = () => (asked++, store.client);
    expect(findIngestKey(client, secret)?.project).toBe('billing');
    expect(findIngestKey(client, 'baton_ik_nope')).toBeUndefined();
    expect(asked).toBe(0);
  });

  it('refuses a token or key without a project or a name', async () => {
    await expect(createAudited(store.client, 'ingest-key', { project: '*', name: 'x' }, admin)).rejects.toThrow(/not a project name/);
    await expect(createAudited(store.client, 'ingest-key', { project: 'shop', name: ' ' }, admin)).rejects.toThrow(/a name/);
  });
});

describe('the token and key commands', () => {
  it('print the secret once on add, list without it, revoke by id, and audit each change', async () => {
    const added = await runCredentialCommand(store.client, 'ingest-key', 'add', { project: 'ops', name: 'collector' });
    const [secret, said] = added.split('\n');
    expect(secret).toMatch(/^baton_ik_/);
    expect(said).toMatch(/^ingest key [0-9a-f]{32} for project ops added; the line above is the only time it is shown$/);
    const id = /ingest key ([0-9a-f]{32})/.exec(said!)![1]!;
    const listed = await runCredentialCommand(store.client, 'ingest-key', 'list', {});
    expect(listed).toContain(`${id}\tops\tcollector\tcreated `);
    expect(listed).toMatch(/never used\tactive/);
    expect(listed).not.toContain(secret);
    expect(await runCredentialCommand(store.client, 'ingest-key', 'revoke', { id })).toBe(`ingest key ${id} (collector, project ops) revoked`);
    expect((await listCredentials(store.client, 'ingest-key')).find((k) => k.id === id)?.revoked).toBe(true);
    await expect(runCredentialCommand(store.client, 'api-token', 'revoke', { id: 'f'.repeat(32) })).rejects.toThrow(/no API token has the id/);
    await expect(runCredentialCommand(store.client, 'api-token', 'add', { name: 'x' })).rejects.toThrow(/--project is required/);
    const audit = await listAudit(store.client, lastDay());
    expect(audit.filter((e) => e.target === id).map((e) => [e.action, e.actor, e.project])).toEqual([
      ['ingest-key.revoke', 'cli', 'ops'],
      ['ingest-key.create', 'cli', 'ops'],
    ]);
    expect(audit.some((e) => e.action === 'token.create' && e.actor === 'ada@example.com' && e.ip === '10.0.0.1')).toBe(true);
  });
});
