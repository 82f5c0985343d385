import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@/lib/db/store';
import { parseEnv } from '@/lib/env';
import type { AuditEntry } from '@/lib/auth/audit';
import type { CredentialView } from '@/lib/schemas/credentials';
import { addUser, batonCli, signIn, TEST_AUTH_SECRET } from '@/tests/helpers/accounts';
import { eventually } from '@/tests/helpers/eventually';
import { otelHarness, within, type Protocol } from '@/tests/helpers/otel';
import { newDataDir, startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * API tokens and per-project ingest keys on the real server: made with the
 * CLI before the start and through the API by a signed-in admin; real OTel
 * exporters (HTTP and gRPC) send with the keys, and what they send lands in
 * the key's project whatever `baton.project` says; the token reads the API
 * and nothing else; revocation works at once; each change is audited.
 */

let baton: BatonProcess;
const dataDir = newDataDir();
let cliKey = '';
let cliToken = '';
let admin = '';
let viewer = '';
let shopAdmin = '';
/** Trace id → the project its spans must be stored under (checked on the store once Baton has stopped). */
const expected = new Map<string, string | undefined>();

const secretOf = (out: string) => out.split('\n')[0]!;

beforeAll(async () => {
  addUser(dataDir, 'admin@example.com', 'admin password 123', 'admin');
  addUser(dataDir, 'viewer@example.com', 'viewer password 123', 'viewer', 'shop');
  addUser(dataDir, 'shop-admin@example.com', 'shop admin password 123', 'admin', 'shop');
  const key = batonCli(dataDir, ['key', 'add', '--project', 'shop', '--name', 'shop-app']);
  const token = batonCli(dataDir, ['token', 'add', '--project', 'shop', '--name', 'postmortem-script']);
  expect([key.status, token.status], key.stderr + token.stderr).toEqual([0, 0]);
  [cliKey, cliToken] = [secretOf(key.stdout), secretOf(token.stdout)];
  baton = await startBaton({ dataDir, env: { BATON_AUTH_SECRET: TEST_AUTH_SECRET, BATON_INGEST_KEYS: 'legacy-key' } });
  admin = (await signIn(baton.uiUrl, 'admin@example.com', 'admin password 123')).cookie!;
  viewer = (await signIn(baton.uiUrl, 'viewer@example.com', 'viewer password 123')).cookie!;
  shopAdmin = (await signIn(baton.uiUrl, 'shop-admin@example.com', 'shop admin password 123')).cookie!;
});
afterAll(async () => {
  await baton.stop();
  baton.cleanup();
});

const api = (path: string, init: { method?: string; cookie?: string; bearer?: string; body?: unknown } = {}) =>
  fetch(`${baton.uiUrl}${path}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: {
      ...(init.cookie ? { Cookie: init.cookie, Origin: baton.uiUrl } : {}),
      ...(init.bearer ? { Authorization: `Bearer ${init.bearer}` } : {}),
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });

/** Sends one small trace that says it belongs to `billing`, through a real exporter; answers its id. */
async function send(protocol: Protocol, authorization?: string): Promise<string> {
  const endpoint = protocol === 'grpc' ? baton.grpcUrl : baton.otlpUrl;
  const otel = otelHarness(endpoint, protocol, 'keyed-agents', authorization ? { Authorization: authorization } : undefined);
  let traceId = '';
  within(otel.tracer, undefined, 'invoke_agent triage', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'triage', 'baton.project': 'billing' }, (root) => {
    traceId = root.spanContext().traceId;
    within(otel.tracer, root, 'chat gpt-4o', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'baton.project': 'billing' }, () => undefined);
  });
  try {
    await otel.flush();
  } finally {
    await otel.shutdown();
  }
  return traceId;
}

async function create(kind: 'tokens' | 'ingest-keys', project: string, name: string): Promise<{ view: CredentialView; secret: string }> {
  const res = await api(`/api/v1/${kind}`, { method: 'POST', cookie: admin, body: { project, name } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { token?: CredentialView; key?: CredentialView; secret: string };
  return { view: (body.token ?? body.key)!, secret: body.secret };
}

const traceStatus = async (traceId: string, init: { cookie?: string; bearer?: string } = { cookie: admin }) => (await api(`/api/v1/traces/${traceId}`, init)).status;

describe('ingest keys', () => {
  it("writes what a CLI-made key sends to the key's project, over HTTP and gRPC, whatever baton.project says", async () => {
    for (const protocol of ['http/protobuf', 'grpc'] as const) {
      const traceId = await send(protocol, `Bearer ${cliKey}`);
      expect(await traceStatus(traceId)).toBe(200);
      expected.set(traceId, 'shop');
    }
  });

  it('keeps BATON_INGEST_KEYS working, with the project from baton.project', async () => {
    const traceId = await send('http/json', 'Bearer legacy-key');
    expect(await traceStatus(traceId)).toBe(200);
    expected.set(traceId, 'billing');
  });

  it('refuses an export without a key or with an unknown one (401 over HTTP, UNAUTHENTICATED over gRPC)', async () => {
    await expect(send('http/protobuf')).rejects.toThrow(/401|Unauthorized/i);
    await expect(send('http/protobuf', 'Bearer baton_ik_not-a-key')).rejects.toThrow(/401|Unauthorized/i);
    await expect(send('grpc', 'Bearer baton_ik_not-a-key')).rejects.toMatchObject({ code: 16 });
  });

  it('takes a key made through the API at once, and refuses it at once when revoked, writing nothing', async () => {
    const { view, secret } = await create('ingest-keys', 'ops', 'ops-collector');
    expect(secret).toMatch(/^baton_ik_/);
    expect(view).toMatchObject({ project: 'ops', name: 'ops-collector', createdBy: 'admin@example.com', lastUsedAt: null, state: 'active' });
    const traceId = await send('http/protobuf', `Bearer ${secret}`);
    expect(await traceStatus(traceId)).toBe(200);
    expected.set(traceId, 'ops');
    const revoked = await api(`/api/v1/ingest-keys/${view.id}`, { method: 'DELETE', cookie: admin });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { key: CredentialView }).key.state).toBe('revoked');
    // The exporter's refused request carried spans; none of them may be written.
    const refused = otelHarness(baton.otlpUrl, 'http/protobuf', 'keyed-agents', { Authorization: `Bearer ${secret}` });
    let refusedId = '';
    within(refused.tracer, undefined, 'after revocation', { 'baton.project': 'ops' }, (s) => (refusedId = s.spanContext().traceId));
    await expect(refused.flush()).rejects.toThrow(/401|Unauthorized/i);
    await refused.shutdown();
    expect(await traceStatus(refusedId)).toBe(404);
    expected.set(refusedId, undefined);
  });

  it('lists keys with their last use, never their secret', async () => {
    const { value: keys } = await eventually('the CLI key shows a last use', 10_000, async () => {
      const body = (await (await api('/api/v1/ingest-keys', { cookie: admin })).json()) as { keys: CredentialView[] };
      return body.keys.find((k) => k.name === 'shop-app')?.lastUsedAt ? body.keys : undefined;
    });
    expect(keys.map((k) => [k.name, k.project, k.state])).toEqual(expect.arrayContaining([['shop-app', 'shop', 'active'], ['ops-collector', 'ops', 'revoked']]));
    expect(JSON.stringify(keys)).not.toMatch(/baton_ik_|hash/i);
  });
});

describe('API tokens', () => {
  let shopTrace = '';
  beforeAll(async () => {
    shopTrace = await send('http/protobuf', `Bearer ${cliKey}`);
    expected.set(shopTrace, 'shop');
  });

  it('read /api/v1 with a CLI-made token and one made through the API', async () => {
    expect(await traceStatus(shopTrace, { bearer: cliToken })).toBe(200);
    const { view, secret } = await create('tokens', 'shop', 'grafana');
    expect(secret).toMatch(/^baton_tok_/);
    expect(view).toMatchObject({ project: 'shop', name: 'grafana', state: 'active' });
    const res = await api(`/api/v1/traces/${shopTrace}`, { bearer: secret });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { spans: unknown[] }).spans).toHaveLength(2);
  });

  it('change nothing and open no page: 403 read-only token', async () => {
    const readOnly = { error: { code: 'read_only_token', message: expect.stringMatching(/^read-only token/) } };
    const post = await api('/api/v1/tokens', { method: 'POST', bearer: cliToken, body: { project: 'shop', name: 'more' } });
    expect(post.status).toBe(403);
    expect(await post.json()).toEqual(readOnly);
    // A page says it in words (pages and embeds are read by people), the API in its error shape.
    const page = await api('/traces', { bearer: cliToken });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await page.text()).toMatch(/^Baton: read-only token/);
    // Reading the tokens themselves is for admins.
    expect((await api('/api/v1/tokens', { bearer: cliToken })).status).toBe(403);
  });

  it('refuse an unknown token with 401, and a revoked one at once', async () => {
    const unknown = await api('/api/v1/traces', { bearer: 'baton_tok_not-a-token' });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: { code: 'invalid_token', message: expect.stringMatching(/unknown or revoked API token/) } });
    const { view, secret } = await create('tokens', 'shop', 'short-lived');
    expect(await traceStatus(shopTrace, { bearer: secret })).toBe(200);
    expect((await api(`/api/v1/tokens/${view.id}`, { method: 'DELETE', cookie: admin })).status).toBe(200);
    expect(await traceStatus(shopTrace, { bearer: secret })).toBe(401);
  });

  it('show when they were last used', async () => {
    const { value } = await eventually('the CLI token shows a last use', 10_000, async () => {
      const body = (await (await api('/api/v1/tokens', { cookie: admin })).json()) as { tokens: CredentialView[] };
      return body.tokens.find((t) => t.name === 'postmortem-script' && t.lastUsedAt);
    });
    expect(Date.parse(value.lastUsedAt!)).toBeGreaterThan(Date.now() - 600_000);
    expect(value).toMatchObject({ project: 'shop', createdBy: 'cli', state: 'active' });
  });
});

describe('who may manage them', () => {
  it('refuses a viewer (403) and anyone not signed in (401)', async () => {
    for (const kind of ['tokens', 'ingest-keys']) {
      expect((await api(`/api/v1/${kind}`, { method: 'POST', cookie: viewer, body: { project: 'shop', name: 'mine' } })).status, kind).toBe(403);
      expect((await api(`/api/v1/${kind}`, { cookie: viewer })).status, kind).toBe(403);
      expect((await api(`/api/v1/${kind}/${'a'.repeat(32)}`, { method: 'DELETE', cookie: viewer })).status, kind).toBe(403);
      expect((await api(`/api/v1/${kind}`)).status, kind).toBe(401);
    }
  });

  it("lets an admin of one project manage that project's tokens and keys only", async () => {
    const made = await api('/api/v1/tokens', { method: 'POST', cookie: shopAdmin, body: { project: 'shop', name: 'shop dashboards' } });
    expect(made.status).toBe(200);
    expect((await api('/api/v1/tokens', { method: 'POST', cookie: shopAdmin, body: { project: 'billing', name: 'not mine' } })).status).toBe(403);
    const keys = (await (await api('/api/v1/ingest-keys', { cookie: shopAdmin })).json()) as { keys: CredentialView[] };
    expect(new Set(keys.keys.map((k) => k.project))).toEqual(new Set(['shop']));
    const opsKey = (await (await api('/api/v1/ingest-keys', { cookie: admin })).json()) as { keys: CredentialView[] };
    const other = opsKey.keys.find((k) => k.project === 'ops')!;
    expect((await api(`/api/v1/ingest-keys/${other.id}`, { method: 'DELETE', cookie: shopAdmin })).status).toBe(403);
  });

  it('answers a bad request with 400 and an unknown id with 404', async () => {
    expect((await api('/api/v1/tokens', { method: 'POST', cookie: admin, body: { project: 'shop' } })).status).toBe(400);
    expect((await api('/api/v1/tokens', { method: 'POST', cookie: admin, body: { project: '*', name: 'all' } })).status).toBe(400);
    expect((await api(`/api/v1/tokens/${'b'.repeat(32)}`, { method: 'DELETE', cookie: admin })).status).toBe(404);
  });

  it('records each creation and revocation in the audit log', async () => {
    const entries = async (action: string) => ((await (await api(`/api/v1/audit?action=${action}`, { cookie: admin })).json()) as { entries: AuditEntry[] }).entries;
    const created = await entries('token.create');
    expect(created.map((e) => [e.actor, e.project, e.detail])).toEqual(
      expect.arrayContaining([
        ['cli', 'shop', 'name postmortem-script'],
        ['admin@example.com', 'shop', 'name grafana'],
        ['shop-admin@example.com', 'shop', 'name shop dashboards'],
      ]),
    );
    expect((await entries('token.revoke')).map((e) => e.detail)).toEqual(['name short-lived']);
    expect((await entries('ingest-key.create')).map((e) => e.detail).sort()).toEqual(['name ops-collector', 'name shop-app']);
    expect((await entries('ingest-key.revoke'))[0]).toMatchObject({ actor: 'admin@example.com', project: 'ops', ip: '127.0.0.1' });
  });
});

describe('the stored spans', () => {
  it("are in the key's project (read from the store once Baton has stopped)", async () => {
    expect(await baton.stop()).toBe(0);
    const store = openStore(parseEnv({ BATON_DATA_DIR: dataDir }));
    try {
      const rows = await store.client
        .query({ query: 'SELECT trace_id, groupUniqArray(project) AS projects FROM spans WHERE trace_id IN {ids:Array(String)} GROUP BY trace_id', query_params: { ids: [...expected.keys()] }, format: 'JSONEachRow' })
        .then((r) => r.json<{ trace_id: string; projects: string[] }>());
      const stored = new Map(rows.map((r) => [r.trace_id, r.projects]));
      for (const [traceId, project] of expected) expect(stored.get(traceId), traceId).toEqual(project === undefined ? undefined : [project]);
    } finally {
      await store.close();
    }
  });
});
