import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, signIn, TEST_AUTH_SECRET } from '@/tests/helpers/accounts';
import { eventually } from '@/tests/helpers/eventually';
import { emitTriageTrace, otelHarness, type AgentTraceIds } from '@/tests/helpers/otel';
import { newDataDir, startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Every read of the API is filtered by the projects the caller may see
 * (docs/security.md, "Roles"), on the real server with sign-in: traffic of
 * two projects sent with the real OpenTelemetry exporters (`baton.project`
 * on the resource), a viewer of `shop`, a viewer of `billing` and an admin of
 * every project. One table covers every GET route of /api/v1, listed from
 * the route files, so a new route cannot be left out: lists and aggregates
 * hold the caller's projects only, an id of another project answers 404
 * exactly as an unknown id does, without credentials every route is 401, and
 * with the share token of another resource every route refuses.
 */

let baton: BatonProcess;
const dataDir = newDataDir();
const PROJECTS = ['shop', 'billing'] as const;
type Project = (typeof PROJECTS)[number];
type Caller = 'admin' | Project;
const sent = {} as Record<Project, { sessions: string[]; traces: AgentTraceIds[]; handoffs: string[] }>;
const cookies = {} as Record<Caller, string>;
const UNKNOWN_TRACE = 'f'.repeat(32);
const UNKNOWN_ID = '0'.repeat(32);
let shareLinkId = '';
let shareToken = '';

beforeAll(async () => {
  addUser(dataDir, 'admin@example.com', 'admin password 123', 'admin');
  addUser(dataDir, 'shop@example.com', 'shop password 123', 'viewer', 'shop');
  addUser(dataDir, 'billing@example.com', 'billing password 123', 'viewer', 'billing');
  baton = await startBaton({ dataDir, env: { BATON_AUTH_SECRET: TEST_AUTH_SECRET } });
  for (const caller of ['admin', ...PROJECTS] as const) {
    const { cookie } = await signIn(baton.uiUrl, `${caller}@example.com`, `${caller} password 123`);
    cookies[caller] = cookie!;
  }
  for (const project of PROJECTS) {
    const otel = otelHarness(baton.otlpUrl, 'http/protobuf', `${project}-agents`, undefined, { resource: { 'baton.project': project } });
    const sessions = [`${project}-s1`, `${project}-s2`];
    const traces = sessions.map((s) => emitTriageTrace(otel.tracer, s));
    await otel.flush();
    await otel.shutdown();
    sent[project] = { sessions, traces, handoffs: [] };
  }
  // The analyzer folds the sessions in after the ingest is answered.
  for (const project of PROJECTS) {
    for (const sessionId of sent[project].sessions) {
      const { value } = await eventually(`${sessionId} analysed`, 60_000, async () => {
        const r = await get('admin', `/api/v1/sessions/${sessionId}`);
        const body = r.body as { analysisPending?: boolean; handoffs?: { id: string }[] };
        return r.status === 200 && body.analysisPending === false && (body.handoffs?.length ?? 0) > 0 ? body.handoffs! : undefined;
      });
      sent[project].handoffs.push(...value.map((h) => h.id));
    }
  }
  // A share link to the second shop trace: the token of "another resource" for the third table below.
  const made = await fetch(`${baton.uiUrl}/api/v1/share-links`, {
    method: 'POST',
    headers: { Cookie: cookies.admin, Origin: baton.uiUrl, 'Content-Type': 'application/json' },
    body: JSON.stringify({ resource: 'trace', target: sent.shop.traces[1]!.traceId }),
  });
  const { link, url } = (await made.json()) as { link: { id: string }; url: string };
  shareLinkId = link.id;
  shareToken = url.slice('/s/'.length);
}, 180_000);
afterAll(async () => {
  expect(await baton.stop()).toBe(0);
  baton.cleanup();
});

async function get(caller: Caller | 'nobody', pathAndQuery: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: unknown }> {
  const headers = { Origin: baton.uiUrl, ...(caller === 'nobody' ? {} : { Cookie: cookies[caller] }), ...init.headers };
  const res = await fetch(`${baton.uiUrl}${pathAndQuery}`, { redirect: 'manual', method: init.method ?? 'GET', headers });
  return { status: res.status, body: await res.json() };
}

/** A route for admins of the project (or of every project): the admin lists, the viewers are refused. */
async function adminsOnly(pathAndQuery: string) {
  expect((await get('admin', pathAndQuery)).status).toBe(200);
  for (const p of PROJECTS) expect((await get(p, pathAndQuery)).status, `${p} ${pathAndQuery}`).toBe(403);
}

/** A revocation route: the viewers may not; an unknown id is 404 for the admin. */
async function revokeRefused(route: string) {
  for (const p of PROJECTS) expect((await get(p, `/api/v1/${route}/${UNKNOWN_ID}`, { method: 'DELETE' })).status, `${p} DELETE ${route}`).toBe(403);
  expect((await get('admin', `/api/v1/${route}/${UNKNOWN_ID}`, { method: 'DELETE' })).status).toBe(404);
}

const RANGE = `from=${Date.now() - 86_400_000}&to=${Date.now() + 86_400_000}`;
const traceIdsOf = (project: Project) => sent[project].traces.map((t) => t.traceId);
const other = (p: Project): Project => (p === 'shop' ? 'billing' : 'shop');
const sortedIds = (items: { traceId?: string; sessionId?: string; id?: string }[], key: 'traceId' | 'sessionId' | 'id') => items.map((i) => i[key] as string).sort();
const sum = (series: { points: { v: number }[] }[]) => series.reduce((n, s) => n + s.points.reduce((m, p) => m + p.v, 0), 0);

/** What a caller sees of a list: each viewer their project's items only, the admin both projects'. */
async function expectList(pathAndQuery: string, field: string, key: 'traceId' | 'sessionId' | 'id', ids: (p: Project) => string[]) {
  for (const caller of ['admin', ...PROJECTS] as const) {
    const r = await get(caller, pathAndQuery);
    expect(r.status, `${caller} ${pathAndQuery}`).toBe(200);
    const want = caller === 'admin' ? [...ids('shop'), ...ids('billing')] : ids(caller);
    expect(sortedIds((r.body as Record<string, { traceId?: string }[]>)[field]!, key), `${caller} ${pathAndQuery}`).toEqual([...new Set(want)].sort());
  }
}

/** An id: its own project's viewer and the admin read it; the other project's viewer gets the very answer an unknown id gets. */
async function expectOwnOnly(route: (id: string) => string, idOf: (p: Project) => string, unknownId: string) {
  for (const project of PROJECTS) {
    const id = idOf(project);
    expect((await get(project, route(id))).status, `${project} ${route(id)}`).toBe(200);
    expect((await get('admin', route(id))).status, `admin ${route(id)}`).toBe(200);
    const refused = await get(other(project), route(id));
    const unknown = await get(other(project), route(unknownId));
    expect(refused.status, `${other(project)} ${route(id)}`).toBe(404);
    expect(JSON.stringify(refused.body).replaceAll(encodeURIComponent(id), 'ID').replaceAll(id, 'ID')).toBe(
      JSON.stringify(unknown.body).replaceAll(encodeURIComponent(unknownId), 'ID').replaceAll(unknownId, 'ID'),
    );
  }
}

/** A figure of an aggregate: each viewer's is their project's alone, and the two add up to the admin's. */
async function expectAdditive(pathAndQuery: string, figure: (body: unknown) => number) {
  const [admin, shop, billing] = await Promise.all((['admin', 'shop', 'billing'] as const).map((c) => get(c, pathAndQuery)));
  for (const r of [admin, shop, billing]) expect(r!.status, pathAndQuery).toBe(200);
  const [a, s, b] = [figure(admin!.body), figure(shop!.body), figure(billing!.body)];
  expect(s, pathAndQuery).toBeGreaterThan(0);
  expect(b, pathAndQuery).toBeGreaterThan(0);
  expect(s + b, pathAndQuery).toBe(a);
}

const session = (p: Project) => sent[p].sessions[0]!;
const trace = (p: Project) => traceIdsOf(p)[0]!;

/** Every route file under app/api/v1, by its path there (`traces/[traceId]`), and what each caller gets from it. */
const ROUTES: Record<string, () => Promise<void>> = {
  traces: () => expectList(`/api/v1/traces?${RANGE}&limit=200`, 'traces', 'traceId', traceIdsOf),
  'traces/[traceId]': () => expectOwnOnly((id) => `/api/v1/traces/${id}`, trace, UNKNOWN_TRACE),
  sessions: () => expectList(`/api/v1/sessions?${RANGE}&limit=200`, 'sessions', 'sessionId', (p) => sent[p].sessions),
  'sessions/[sessionId]': () => expectOwnOnly((id) => `/api/v1/sessions/${id}`, session, 'no-such-session'),
  'sessions/[sessionId]/turns': () => expectOwnOnly((id) => `/api/v1/sessions/${id}/turns`, session, 'no-such-session'),
  'sessions/[sessionId]/handoffs': () => expectOwnOnly((id) => `/api/v1/sessions/${id}/handoffs`, session, 'no-such-session'),
  'sessions/[sessionId]/facts': () => expectOwnOnly((id) => `/api/v1/sessions/${id}/facts`, session, 'no-such-session'),
  'sessions/[sessionId]/contradictions': () => expectOwnOnly((id) => `/api/v1/sessions/${id}/contradictions`, session, 'no-such-session'),
  handoffs: () => expectList(`/api/v1/handoffs?${RANGE}&limit=200`, 'handoffs', 'id', (p) => sent[p].handoffs),
  'handoffs/[handoffId]': () => expectOwnOnly((id) => `/api/v1/handoffs/${encodeURIComponent(id)}`, (p) => sent[p].handoffs[0]!, 'no-such-handoff'),
  metrics: async () => {
    for (const metric of ['spans', 'errors', 'handoffs', 'sessions']) {
      await expectAdditive(`/api/v1/metrics?metric=${metric}&${RANGE}&step=1d`, (b) => sum((b as { series: { points: { v: number }[] }[] }).series));
    }
  },
  stats: async () => {
    await expectAdditive(`/api/v1/stats?${RANGE}`, (b) => (b as { spans: number }).spans);
    await expectAdditive(`/api/v1/stats?${RANGE}`, (b) => (b as { sessions: number }).sessions);
    await expectAdditive(`/api/v1/stats?${RANGE}`, (b) => (b as { handoffs: { total: number } }).handoffs.total);
  },
  agents: () => expectAdditive(`/api/v1/agents?${RANGE}`, (b) => (b as { agents: { invocations: number }[] }).agents.reduce((n, a) => n + a.invocations, 0)),
  audit: async () => {
    expect((await get('admin', '/api/v1/audit')).status).toBe(200);
    for (const p of PROJECTS) expect((await get(p, '/api/v1/audit')).status).toBe(403);
  },
  me: async () => {
    for (const p of PROJECTS) expect((await get(p, '/api/v1/me')).body).toMatchObject({ memberships: [{ project: p, role: 'viewer' }] });
  },
  '[...rest]': async () => {
    for (const caller of ['admin', ...PROJECTS] as const) expect((await get(caller, '/api/v1/no-such-route')).status).toBe(404);
  },
  tokens: () => adminsOnly('/api/v1/tokens'),
  'tokens/[tokenId]': () => revokeRefused('tokens'),
  'ingest-keys': () => adminsOnly('/api/v1/ingest-keys'),
  'ingest-keys/[keyId]': () => revokeRefused('ingest-keys'),
  'share-links': async () => {
    expect(((await get('admin', '/api/v1/share-links')).body as { links: { id: string }[] }).links.map((l) => l.id)).toEqual([shareLinkId]);
    // Viewers make no links and list none.
    for (const p of PROJECTS) expect((await get(p, '/api/v1/share-links')).body).toEqual({ links: [] });
  },
  'share-links/[linkId]': async () => {
    // The shop viewer may see the link's project but may not revoke; to the billing viewer it does not exist.
    expect((await get('shop', `/api/v1/share-links/${shareLinkId}`, { method: 'DELETE' })).status).toBe(403);
    expect((await get('billing', `/api/v1/share-links/${shareLinkId}`, { method: 'DELETE' })).status).toBe(404);
  },
  pins: async () => {
    // The share link pins its trace: everyone who may see the shop trace sees its pin.
    const targets = async (c: Caller) => ((await get(c, '/api/v1/pins')).body as { pins: { target: string }[] }).pins.map((p) => p.target);
    expect(await targets('admin')).toEqual([sent.shop.traces[1]!.traceId]);
    expect(await targets('shop')).toEqual([sent.shop.traces[1]!.traceId]);
    expect(await targets('billing')).toEqual([]);
  },
  'pins/[pinId]': async () => {
    const pinId = ((await get('admin', '/api/v1/pins')).body as { pins: { id: string }[] }).pins[0]!.id;
    // The shop viewer may see the pin but may not remove it; to the billing viewer it does not exist.
    expect((await get('shop', `/api/v1/pins/${pinId}`, { method: 'DELETE' })).status).toBe(403);
    expect((await get('billing', `/api/v1/pins/${pinId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await get('admin', `/api/v1/pins/${UNKNOWN_ID}`, { method: 'DELETE' })).status).toBe(404);
  },
  shared: async () => {
    for (const caller of ['admin', ...PROJECTS] as const) expect((await get(caller, '/api/v1/shared')).status, caller).toBe(400);
  },
};

/** A request for every route without credentials (a path for each, ids of the admin's data). */
const ANY_PATH: Record<string, () => string> = {
  traces: () => '/api/v1/traces',
  'traces/[traceId]': () => `/api/v1/traces/${trace('shop')}`,
  sessions: () => '/api/v1/sessions',
  'sessions/[sessionId]': () => `/api/v1/sessions/${session('shop')}`,
  'sessions/[sessionId]/turns': () => `/api/v1/sessions/${session('shop')}/turns`,
  'sessions/[sessionId]/handoffs': () => `/api/v1/sessions/${session('shop')}/handoffs`,
  'sessions/[sessionId]/facts': () => `/api/v1/sessions/${session('shop')}/facts`,
  'sessions/[sessionId]/contradictions': () => `/api/v1/sessions/${session('shop')}/contradictions`,
  handoffs: () => '/api/v1/handoffs',
  'handoffs/[handoffId]': () => `/api/v1/handoffs/${encodeURIComponent(sent.shop.handoffs[0]!)}`,
  metrics: () => '/api/v1/metrics?metric=spans',
  stats: () => '/api/v1/stats',
  agents: () => '/api/v1/agents',
  audit: () => '/api/v1/audit',
  me: () => '/api/v1/me',
  '[...rest]': () => '/api/v1/no-such-route',
  tokens: () => '/api/v1/tokens',
  'tokens/[tokenId]': () => `/api/v1/tokens/${UNKNOWN_ID}`,
  'ingest-keys': () => '/api/v1/ingest-keys',
  'ingest-keys/[keyId]': () => `/api/v1/ingest-keys/${UNKNOWN_ID}`,
  'share-links': () => '/api/v1/share-links',
  'share-links/[linkId]': () => `/api/v1/share-links/${shareLinkId}`,
  pins: () => '/api/v1/pins',
  'pins/[pinId]': () => `/api/v1/pins/${UNKNOWN_ID}`,
  shared: () => '/api/v1/shared',
};

function routeFiles(): string[] {
  const root = path.resolve(import.meta.dirname, '..', '..', 'app', 'api', 'v1');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => path.basename(f) === 'route.ts')
    .map((f) => path.dirname(f).split(path.sep).join('/'))
    .sort();
}

describe('every /api/v1 read within the caller’s projects', () => {
  it('has a row for every route file', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(routeFiles());
    expect(Object.keys(ANY_PATH).sort()).toEqual(routeFiles());
  });

  it.each(routeFiles())('GET %s: the admin reads every project, each viewer their own, another project’s ids are unknown', async (route) => {
    const check = ROUTES[route];
    expect(check, `no row for app/api/v1/${route}/route.ts`).toBeDefined();
    await check!();
  });

  it.each(routeFiles())('GET %s without credentials: 401', async (route) => {
    const r = await get('nobody', ANY_PATH[route]!());
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it.each(routeFiles())('GET %s with the share token of another resource: refused, nothing of it read', async (route) => {
    const r = await get('nobody', ANY_PATH[route]!(), { headers: { 'x-baton-share': shareToken } });
    if (route === 'shared') {
      // The link's own description, and only that.
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ link: { resource: 'trace', target: sent.shop.traces[1]!.traceId } });
    } else if (route === 'handoffs/[handoffId]') {
      // The gate lets a trace link open handoffs; the route finds this one outside the link's trace.
      expect(r.status).toBe(404);
    } else {
      expect(r.status, route).toBe(403);
      expect(r.body).toEqual({ error: { code: 'outside_share', message: expect.any(String) } });
    }
  });
});
