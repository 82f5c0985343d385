import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, signIn, TEST_AUTH_SECRET } from '@/tests/helpers/accounts';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { eventually } from '@/tests/helpers/eventually';
import { newDataDir, startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Pins through the API on the real server with sign-in (docs/security.md,
 * "Pins"): an editor pins and unpins a trace of their project, a viewer may
 * not, a trace outside the caller's projects is unknown, a share link pins
 * its trace until it is revoked, and the audit log records each pin and
 * removal.
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
  reason: string;
  pinnedBy: string;
}
/** The fields of the answers these tests read. */
interface Answer {
  pin: PinView;
  pins: PinView[];
  link: { id: string };
  entries: { action: string; actor: string; target: string; detail: string }[];
}

async function call(who: keyof typeof cookies, path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: Answer }> {
  const headers: Record<string, string> = { Cookie: cookies[who], Origin: baton.uiUrl, ...(body ? { 'Content-Type': 'application/json' } : {}) };
  const res = await fetch(`${baton.uiUrl}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json()) as Answer };
}

const pinsOf = async (who: keyof typeof cookies) => (await call(who, `/api/v1/pins?target=${traceId}`)).body.pins;
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
});
