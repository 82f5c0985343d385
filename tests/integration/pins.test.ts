import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, signIn, TEST_AUTH_SECRET } from '@/tests/helpers/accounts';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { eventually } from '@/tests/helpers/eventually';
import { newDataDir, startBaton, type BatonProcess } from '@/tests/helpers/server';
import { openStore } from '@/lib/db/store';
import { parseEnv } from '@/lib/env';
import { select } from '@/tests/helpers/temp-store';

/**
 * Pins through the API on the real server with sign-in (docs/security.md,
 * "Pins"): an editor pins and unpins a trace of their project, a viewer may
 * not, a trace outside the caller's projects is unknown, a share link pins
 * its trace (a session's link its session, a handoff's link the handoff's
 * traces) until it is revoked or found expired, and the audit log records
 * each pin and removal.
 */

let baton: BatonProcess;
const dataDir = newDataDir();
const cookies: Record<'admin' | 'editor' | 'viewer' | 'other', string> = { admin: '', editor: '', viewer: '', other: '' };
let traceId = '';

beforeAll(async () => {
  addUser(dataDir, 'admin@example.com', 'admin password 123', 'admin');
  addUser(dataDir, 'editor@example.com', 'editor password 123', 'editor', 'default');
  addUser(dataDir, 'viewer@example.com', 'viewer password 123', 'viewer', 'default');
  addUser(dataDir, 'other@example.com', 'other password 123', 'editor', 'elsewhere');
  baton = await startBaton({ dataDir, env: { BATON_AUTH_SECRET: TEST_AUTH_SECRET } });
  for (const who of ['admin', 'editor', 'viewer', 'other'] as const) cookies[who] = (await signIn(baton.uiUrl, `${who}@example.com`, `${who} password 123`)).cookie!;
  const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'pin-agents');
  traceId = emitTriageTrace(otel.tracer, 'pin-s1').traceId;
  await otel.flush();
  await otel.shutdown();
  await eventually('trace stored', 30_000, async () => ((await call('admin', `/api/v1/traces/${traceId}`)).status === 200 ? true : undefined));
}, 120_000);
afterAll(async () => {
  expect(await baton.stop()).toBe(0);
  baton.cleanup();
});

interface PinView {
  id: string;
  resource: string;
  target: string;
  reason: string;
  pinnedBy: string;
}
/** The fields of the answers these tests read. */
interface Answer {
  pin: PinView;
  pins: PinView[];
  link: { id: string; state: string };
  url: string;
  links: { id: string; state: string }[];
  handoffs: { id: string; traceId: string; fromTraceId: string; toTraceId: string }[];
  analysisPending: boolean;
  entries: { action: string; actor: string; target: string; detail: string }[];
}

async function call(who: keyof typeof cookies, path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: Answer }> {
  const headers: Record<string, string> = { Cookie: cookies[who], Origin: baton.uiUrl, ...(body ? { 'Content-Type': 'application/json' } : {}) };
  const res = await fetch(`${baton.uiUrl}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json()) as Answer };
}

const pinsOf = async (who: keyof typeof cookies, target = traceId) => (await call(who, `/api/v1/pins?target=${target}`)).body.pins;
const audit = async () => (await call('admin', '/api/v1/audit?limit=1000')).body.entries;

describe('pins', () => {
  it('an editor pins a trace of their project; a viewer may not; another project’s editor does not find it', async () => {
    expect((await call('viewer', '/api/v1/pins', 'POST', { resource: 'trace', target: traceId })).status).toBe(403);
    const outside = await call('other', '/api/v1/pins', 'POST', { resource: 'trace', target: traceId });
    const unknown = await call('other', '/api/v1/pins', 'POST', { resource: 'trace', target: 'e'.repeat(32) });
    expect(outside.status).toBe(404);
    expect(JSON.stringify(outside.body).replace(traceId, 'ID')).toBe(JSON.stringify(unknown.body).replace('e'.repeat(32), 'ID'));
    const made = await call('editor', '/api/v1/pins', 'POST', { resource: 'trace', target: traceId });
    expect(made.status).toBe(200);
    expect(made.body.pin).toMatchObject({ resource: 'trace', target: traceId, project: 'default', pinnedBy: 'editor@example.com', reason: 'manual' });
    // Everyone who may see the trace sees the pin; the other project's editor sees none.
    expect((await pinsOf('viewer')).map((p) => p.id)).toEqual([made.body.pin.id]);
    expect(await pinsOf('other')).toEqual([]);
    expect((await call('viewer', `/api/v1/pins/${made.body.pin.id}`, 'DELETE')).status).toBe(403);
    expect((await call('other', `/api/v1/pins/${made.body.pin.id}`, 'DELETE')).status).toBe(404);
    expect((await call('editor', `/api/v1/pins/${made.body.pin.id}`, 'DELETE')).status).toBe(200);
    expect(await pinsOf('admin')).toEqual([]);
    expect((await call('editor', `/api/v1/pins/${made.body.pin.id}`, 'DELETE')).status).toBe(404);
    const entries = await audit();
    expect(entries.filter((e) => e.action.startsWith('pin.')).map((e) => [e.action, e.actor, e.target])).toEqual([
      ['pin.remove', 'editor@example.com', `trace ${traceId}`],
      ['pin.create', 'editor@example.com', `trace ${traceId}`],
    ]);
  });

  it('a share link pins its trace until it is revoked; its pin is not removed by hand', async () => {
    const made = await call('editor', '/api/v1/share-links', 'POST', { resource: 'trace', target: traceId });
    expect(made.status).toBe(200);
    const [pin, ...more] = await pinsOf('editor');
    expect(more).toEqual([]);
    expect(pin).toMatchObject({ reason: `share link ${made.body.link.id}`, pinnedBy: 'editor@example.com' });
    expect((await call('admin', `/api/v1/pins/${pin!.id}`, 'DELETE')).status).toBe(409);
    expect((await call('editor', `/api/v1/share-links/${made.body.link.id}`, 'DELETE')).status).toBe(200);
    expect(await pinsOf('editor')).toEqual([]);
    const details = (await audit()).filter((e) => e.action.startsWith('pin.')).map((e) => [e.action, e.detail]);
    expect(details.slice(0, 2)).toEqual([
      ['pin.remove', `pin ${pin!.id}, share link ${made.body.link.id} revoked`],
      ['pin.create', `pin ${pin!.id}, share link ${made.body.link.id}`],
    ]);
  });

  it('a session link pins its session, a handoff link the handoff’s traces, until they are revoked', async () => {
    const { value: session } = await eventually('session analysed', 60_000, async () => {
      const r = await call('editor', '/api/v1/sessions/pin-s1');
      return r.status === 200 && !r.body.analysisPending && r.body.handoffs.length > 0 ? r.body : undefined;
    });
    const link = await call('editor', '/api/v1/share-links', 'POST', { resource: 'session', target: 'pin-s1' });
    expect(link.status).toBe(200);
    expect((await pinsOf('viewer', 'pin-s1')).map((p) => [p.resource, p.target, p.reason])).toEqual([['session', 'pin-s1', `share link ${link.body.link.id}`]]);
    expect((await call('admin', `/api/v1/pins/${(await pinsOf('admin', 'pin-s1'))[0]!.id}`, 'DELETE')).status).toBe(409);
    const h = session.handoffs[0]!;
    const handoffLink = await call('editor', '/api/v1/share-links', 'POST', { resource: 'handoff', target: h.id });
    expect(handoffLink.status).toBe(200);
    const traces = [...new Set([h.traceId, h.fromTraceId, h.toTraceId].filter(Boolean))];
    for (const t of traces) expect((await pinsOf('editor', t)).map((p) => [p.resource, p.reason]), t).toEqual([['trace', `share link ${handoffLink.body.link.id}`]]);
    expect((await call('editor', `/api/v1/share-links/${link.body.link.id}`, 'DELETE')).status).toBe(200);
    expect((await call('editor', `/api/v1/share-links/${handoffLink.body.link.id}`, 'DELETE')).status).toBe(200);
    expect(await pinsOf('editor', 'pin-s1')).toEqual([]);
    for (const t of traces) expect(await pinsOf('editor', t), t).toEqual([]);
    const pinEntries = (await audit()).filter((e) => e.action.startsWith('pin.')).map((e) => [e.action, e.target, e.detail.replace(/^pin \S+, /, '')]);
    expect(pinEntries).toContainEqual(['pin.create', 'session pin-s1', `share link ${link.body.link.id}`]);
    expect(pinEntries).toContainEqual(['pin.remove', 'session pin-s1', `share link ${link.body.link.id} revoked`]);
    for (const t of traces) expect(pinEntries).toContainEqual(['pin.remove', `trace ${t}`, `share link ${handoffLink.body.link.id} revoked`]);
  });

  it('an expired link’s pin is released the next time the links are listed', async () => {
    const link = await call('editor', '/api/v1/share-links', 'POST', { resource: 'session', target: 'pin-s1', expiresInDays: 1 });
    expect(link.status).toBe(200);
    // The store is the server's while it runs: stopped, the link's record is rewritten as if its day had passed.
    expect(await baton.stop()).toBe(0);
    await withStore(async (store) => {
      expect(await flags(store)).toEqual({ sessions: 1, session_facts: 1, spans: 1 });
      await store.client.command({
        query: 'INSERT INTO share_links SELECT * REPLACE (toInt64({past:Int64}) AS expires_ms, version + 1 AS version) FROM share_links FINAL WHERE id = {id:String}',
        query_params: { id: link.body.link.id, past: Date.now() - 60_000 },
      });
    });
    await restart();
    // The expired link's token is refused, on its API calls and on its page.
    const token = link.body.url.slice(link.body.url.lastIndexOf('/') + 1);
    const refused = await fetch(`${baton.uiUrl}/api/v1/shared`, { headers: { 'x-baton-share': token } });
    expect([refused.status, ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([401, 'invalid_share']);
    expect((await fetch(`${baton.uiUrl}/api/v1/sessions/pin-s1`, { headers: { 'x-baton-share': token } })).status).toBe(401);
    expect(await pinsOf('editor', 'pin-s1')).toHaveLength(1);
    const listed = await call('editor', '/api/v1/share-links');
    expect(listed.body.links.find((l) => l.id === link.body.link.id)?.state).toBe('expired');
    expect(await pinsOf('editor', 'pin-s1')).toEqual([]);
    const released = (await audit()).find((e) => e.action === 'pin.remove' && e.detail.endsWith(`share link ${link.body.link.id} expired`));
    expect(released).toMatchObject({ actor: 'baton', target: 'session pin-s1' });
    expect(await baton.stop()).toBe(0);
    await withStore(async (store) => expect(await flags(store)).toEqual({ sessions: 0, session_facts: 0, spans: 0 }));
    await restart();
  });
});

async function withStore(work: (store: ReturnType<typeof openStore>) => Promise<void>): Promise<void> {
  const store = openStore(parseEnv({ BATON_DATA_DIR: dataDir }));
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

/** The pinned flag of the session's rows and its trace's spans (1: all set, 0: none). */
async function flags(store: ReturnType<typeof openStore>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [table, where] of [['sessions', "session_id = 'pin-s1'"], ['session_facts', "session_id = 'pin-s1'"], ['spans', 'trace_id = {t:String}']] as const) {
    const [row] = await select<{ lo: number; hi: number }>(store, `SELECT min(pinned) AS lo, max(pinned) AS hi FROM ${table} WHERE ${where}`, { t: traceId });
    out[table] = row!.lo === row!.hi ? Number(row!.lo) : -1;
  }
  return out;
}

async function restart(): Promise<void> {
  baton = await startBaton({ dataDir, env: { BATON_AUTH_SECRET: TEST_AUTH_SECRET } });
  for (const who of ['admin', 'editor', 'viewer', 'other'] as const) cookies[who] = (await signIn(baton.uiUrl, `${who}@example.com`, `${who} password 123`)).cookie!;
}
