import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, TraceList } from '@/lib/schemas/api';
import type { HandoffList } from '@/lib/schemas/handoffs';
import type { SessionDetail, SessionFactPage, SessionHandoffPage, SessionTurnPage } from '@/lib/schemas/sessions';
import type { Stats } from '@/lib/schemas/stats';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Every read API route and parameter given malformed values: each answers 400
 * (404 for a well-formed id nothing is stored under) with `{ error: { code,
 * message } }` naming the parameter, never a 500; valid values at the edges
 * still answer 200, and the server stays healthy. Sent to the real server on
 * stored data, so every query really runs (an empty table hides overflows).
 */

let baton: BatonProcess;
/** Session ids that need encoding, one with a literal `%41`: the API must decode a path id exactly once. */
const SESSIONS = ['inputs:1/a', 'inputs-2%41'] as const;
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const enc = encodeURIComponent;

type Case = [path: string, status: 400 | 404, names: RegExp];

const TIME_ROUTES = ['/api/v1/traces?', '/api/v1/sessions?', '/api/v1/handoffs?', '/api/v1/metrics?metric=spans&', '/api/v1/stats?', '/api/v1/agents?'];
const LIST_ROUTES = ['/api/v1/traces', '/api/v1/sessions', '/api/v1/handoffs'];
const TEXT_FILTERS: Record<string, string[]> = { '/api/v1/traces': ['service', 'agent', 'q'], '/api/v1/sessions': ['agent', 'user', 'q'], '/api/v1/handoffs': ['fromAgent', 'toAgent'] };

/** Raw (already URL-encoded, or deliberately malformed) values. */
const BAD_TIMES = ['-1', '1e15', '1e20', '999999999999999', '9223200000001', '0000-01-01', '9999-12-31T00:00:00Z', '1899-12-31T23:59:59Z', '2262-04-11T00:00:00Z',
  'NaN', 'Infinity', '1.5', '0x10', 'yesterday', '2026-02-30', '2026-02-30T00:00:00Z', '2026-13-01', '2026-01-01T25:00:00Z', '2026-01-01T00:00:00%2B99:00',
  '2026-01-01T00:00:00+02:00', '%ZZ', '%', '%E0%A4', '%00'];
const BAD_LIMITS = ['0', '-1', '201', '1e9', '1e2', 'abc', '1.5', '0x10', 'Infinity', '%ZZ'];
const BAD_CURSORS = ['garbage!', b64('not json'), b64('[1,2]'), b64('null'), b64('{"t":"1","id":5}'), b64('{"t":"99999999999999999999","id":"x"}'), 'A'.repeat(8000), '%ZZ', '%E0%A4'];
const BAD_TEXT = ['x'.repeat(257), '%00', 'a%0Ab', '%1F', '%7F', '%ZZ', '%', '%E0%A4', '%C0%AF'];
const BAD_SCORES = ['-1', '101', '50.5', 'abc', 'NaN', 'Infinity', '1e2', '%ZZ'];
const word = (name: string) => new RegExp(`(^|\\W)${name}(\\W|$)`);
/** A session's paged lists, under its id. */
const SESSION_LISTS = ['turns', 'handoffs', 'facts', 'contradictions'];
const sessionRoute = (list = '') => `/api/v1/sessions/${enc(SESSIONS[0])}${list && `/${list}`}`;
/** Well-formed cursors that are no place in the fact ledger: a turn's, a ledger id out of range, one part short. */
const NOT_LEDGER_CURSORS = [b64('{"t":"1","id":"0af7651916cd43dd8448eb211c80319c"}'), b64('{"t":"1","id":"[\\"a\\",\\"b\\",70000]"}'), b64('{"t":"1","id":"[\\"a\\",\\"b\\"]"}')];

const bad = (path: string, names: RegExp): Case => [path, 400, names];
const missing = (path: string, names: RegExp): Case => [path, 404, names];

const cases: Case[] = [
  ...TIME_ROUTES.flatMap((route) => [
    ...['from', 'to'].flatMap((name) => BAD_TIMES.map((v) => bad(`${route}${name}=${v}`, word(name)))),
    bad(`${route}from=0&to=999999999999999`, word('to')),
    bad(`${route}from=2026-01-02&to=2026-01-01`, /from must not be after to/),
    bad(`${route}from=9223200000000`, /from must not be after to/),
    bad(`${route}from=1&from=2`, /from is given more than once/),
    bad(`${route}to=1&to=2`, /to is given more than once/),
    bad(`${route}from%ZZ=1`, /query parameter name "from%ZZ"/),
  ]),
  ...LIST_ROUTES.flatMap((route) => [
    ...BAD_LIMITS.map((v) => bad(`${route}?limit=${v}`, word('limit'))),
    bad(`${route}?limit=5&limit=6`, word('limit')),
    ...BAD_CURSORS.map((v) => bad(`${route}?cursor=${v}`, word('cursor'))),
    ...(TEXT_FILTERS[route] ?? []).flatMap((name) => [...BAD_TEXT.map((v) => bad(`${route}?${name}=${v}`, word(name))), bad(`${route}?${name}=a&${name}=b`, word(name))]),
  ]),
  ...['minScore', 'maxScore'].flatMap((name) => BAD_SCORES.map((v) => bad(`/api/v1/sessions?${name}=${v}`, word(name)))),
  bad('/api/v1/sessions?minScore=60&maxScore=40', /minScore must not exceed maxScore/),
  ...['bad', 'CRITICAL', '%ZZ', 'info&severity=none'].map((v) => bad(`/api/v1/handoffs?severity=${v}`, word('severity'))),
  ...['bad', 'TIME', 'drift', '%ZZ', 'time&sort=severity'].map((v) => bad(`/api/v1/handoffs?sort=${v}`, word('sort'))),
  ...['up', 'ASC', '%ZZ', 'asc&order=desc'].map((v) => bad(`/api/v1/handoffs?sort=severity&order=${v}`, word('order'))),
  // A cursor belongs to its order: the default list's given to a sorted one, a sorted one's to another order or to the default list, one missing its key.
  bad(`/api/v1/handoffs?sort=severity&cursor=${b64('{"t":"1","id":"a"}')}`, /^cursor belongs to another sort/),
  bad(`/api/v1/handoffs?sort=severity&order=asc&cursor=${b64('{"t":"1","id":"a","k":"3","s":"severity-desc"}')}`, /^cursor belongs to another sort/),
  bad(`/api/v1/handoffs?cursor=${b64('{"t":"1","id":"a","k":"3","s":"fidelity-asc"}')}`, /^cursor belongs to another sort/),
  bad(`/api/v1/handoffs?sort=fidelity&cursor=${b64('{"t":"1","id":"a","s":"fidelity-asc"}')}`, word('cursor')),
  ...['', 'bad', 'SPANS', '%ZZ', 'spans&metric=errors'].map((v) => bad(`/api/v1/metrics?metric=${v}`, word('metric'))),
  bad('/api/v1/metrics', word('metric')),
  ...['0', '-1', '1e9', 'abc', '1.5', '366d', '1w', '%ZZ', '1'].map((v) => bad(`/api/v1/metrics?metric=spans&step=${v}`, word('step'))),
  ...['bad', '%ZZ', 'agent_pair'].map((v) => bad(`/api/v1/metrics?metric=spans&groupBy=${v}`, word('groupBy'))),
  ...['%ZZ', '%', '%E0%A4', 'abc', '0123456789abcdef0123456789abcdeg', 'x'.repeat(5000), '%00', '%2F', '%20'].map((v) => bad(`/api/v1/traces/${v}`, /trace id/)),
  ...['%ZZ', '%', '%E0%A4', 'x'.repeat(513), '%00', 'a%0Ab', '%7F'].map((v) => bad(`/api/v1/sessions/${v}`, /session id/)),
  ...['%ZZ', '%', '%E0%A4', 'x'.repeat(513), '%00', 'a%09b', '%20%20'].map((v) => bad(`/api/v1/handoffs/${v}`, /handoff id/)),
  ...BAD_LIMITS.map((v) => bad(`${sessionRoute()}?limit=${v}`, word('limit'))),
  ...SESSION_LISTS.flatMap((list) => [
    ...BAD_LIMITS.map((v) => bad(`${sessionRoute(list)}?limit=${v}`, word('limit'))),
    ...BAD_CURSORS.map((v) => bad(`${sessionRoute(list)}?cursor=${v}`, word('cursor'))),
    bad(`${sessionRoute(list)}?cursor=a&cursor=b`, word('cursor')),
    ...['%ZZ', '%E0%A4', 'x'.repeat(513), '%00', 'a%0Ab'].map((v) => bad(`/api/v1/sessions/${v}/${list}`, /session id/)),
    missing(`/api/v1/sessions/${enc('no-such:session/x')}/${list}`, /no session no-such:session\/x/),
  ]),
  ...['facts', 'contradictions'].flatMap((list) => NOT_LEDGER_CURSORS.map((v) => bad(`${sessionRoute(list)}?cursor=${v}`, word('cursor')))),
  bad('/api/v1/%ZZ', /path segment "%ZZ"/),
  bad('/api/v1/traces/%ZZ/spans', /path segment "%ZZ"/),
  missing('/api/v1/traces/0123456789abcdef0123456789abcdef', /no trace 0123456789abcdef0123456789abcdef/),
  missing(`/api/v1/sessions/${enc('no-such:session/x')}`, /no session no-such:session\/x/),
  missing('/api/v1/sessions/%25ZZ', /no session %ZZ/),
  missing(`/api/v1/handoffs/${enc('no-such:handoff>x@y')}`, /no handoff no-such:handoff>x@y/),
  missing('/api/v1/handoffs/%E2%9C%93', /no handoff ✓/),
  missing('/api/v1/nothing-here', /no API route/),
];

beforeAll(async () => {
  baton = await startBaton();
  const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'inputs-svc');
  for (const session of SESSIONS) emitTriageTrace(otel.tracer, session);
  await otel.flush();
  await otel.shutdown();
  // The analyzer writes sessions and handoffs shortly after the commit.
  const analysed = async () =>
    (await baton.api<Stats>('/api/v1/stats')).body.handoffs.total === 4 &&
    (await Promise.all(SESSIONS.map((s) => baton.api<SessionDetail>(`/api/v1/sessions/${enc(s)}`)))).every((r) => r.status === 200 && !r.body.analysisPending);
  for (let waited = 0; !(await analysed()); waited += 100) {
    if (waited > 15_000) throw new Error('the two sessions were not analysed within 15 s');
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => {
  await baton.stop();
  baton.cleanup();
});

describe('malformed input', () => {
  it.each(cases)('%s answers %d naming the parameter', async (path, status, names) => {
    const res = await baton.api<ApiError>(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.error).toEqual({ code: status === 400 ? 'bad_request' : 'not_found', message: expect.any(String) });
    expect(res.body.error.message).toMatch(names);
  });

  it.each(['/traces/%ZZ', '/traces/%', '/sessions/%ZZ', '/sessions/%E0%A4', '/embed/handoffs/%ZZ', '/embed/sessions/%ZZ/consistency', '/embed/traces/%ZZ/chain'])(
    'page %s answers a 400 page, not a 500',
    async (path) => {
      const res = await fetch(`${baton.uiUrl}${path}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('Bad request');
    },
  );
});

describe('valid input at the edges', () => {
  const lists = ['/api/v1/traces?', '/api/v1/sessions?', '/api/v1/handoffs?'];
  it.each([
    ...TIME_ROUTES.flatMap((route) => [
      `${route}from=1900-01-01T00:00:00Z&to=2262-04-10T00:00:00Z`,
      `${route}from=0&to=9223200000000`,
      `${route}from=2026-01-01&to=2026-01-02T00:00:00.123456789%2B02:00`,
      `${route}from=&to=`,
      `${route}unknown=ignored`,
    ]),
    ...lists.flatMap((route) => [`${route}limit=1`, `${route}limit=200`, `${route}limit=`]),
    ...['%E2%9C%93', '%F0%9F%98%80', '%25', "'", '%5C', 'a+b', 'x'.repeat(256)].map((q) => `/api/v1/traces?q=${q}`),
    '/api/v1/sessions?minScore=0&maxScore=100',
    '/api/v1/sessions?minScore=50&maxScore=50',
    '/api/v1/handoffs?severity=none',
    ...['sort=time&order=asc', 'sort=severity', 'sort=severity&order=asc', 'sort=fidelity&order=desc&severity=critical', 'sort=&order='].map((q) => `/api/v1/handoffs?${q}`),
    `/api/v1/handoffs?sort=fidelity&cursor=${b64('{"t":"9223372036854775807","id":"zz","k":"-1001","s":"fidelity-asc"}')}`,
    '/api/v1/metrics?metric=handoffs&groupBy=agent_pair&from=1900-01-01T00:00:00Z&to=2262-04-10T00:00:00Z&step=365d',
    ...SESSIONS.flatMap((s) => [`/api/v1/sessions/${enc(s)}`, `/api/v1/sessions/${enc(s)}?limit=1`, `/api/v1/sessions/${enc(s)}?limit=200`]),
    ...SESSIONS.flatMap((s) => SESSION_LISTS.flatMap((list) => [`/api/v1/sessions/${enc(s)}/${list}`, `/api/v1/sessions/${enc(s)}/${list}?limit=1`, `/api/v1/sessions/${enc(s)}/${list}?limit=200&cursor=`])),
    ...SESSIONS.map((s) => `/api/v1/handoffs/${enc(`h-${s}`)}`),
  ])('%s answers 200', async (path) => {
    const res = await baton.api(path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('pages on with the cursor it returned', async () => {
    const first = await baton.api<TraceList>('/api/v1/traces?limit=1');
    expect(first.body.nextCursor).not.toBeNull();
    const second = await baton.api<TraceList>(`/api/v1/traces?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.traces.map((t) => t.traceId)).not.toEqual(first.body.traces.map((t) => t.traceId));
    const handoffs = await baton.api<HandoffList>('/api/v1/handoffs?limit=1');
    expect((await baton.api(`/api/v1/handoffs?limit=1&cursor=${handoffs.body.nextCursor}`)).status).toBe(200);
  });

  it("pages a session's lists on with the cursors they returned, each item once", async () => {
    const detail = (await baton.api<SessionDetail>(`${sessionRoute()}?limit=1`)).body;
    expect(detail.nextCursors.facts).not.toBeNull();
    const facts = await baton.api<SessionFactPage>(`${sessionRoute('facts')}?limit=1&cursor=${detail.nextCursors.facts}`);
    expect(facts.status).toBe(200);
    expect(facts.body.facts).toHaveLength(1);
    expect(facts.body.facts[0]).not.toEqual(detail.facts[0]);
    const handoffs = await baton.api<SessionHandoffPage>(`${sessionRoute('handoffs')}?limit=1&cursor=${detail.nextCursors.handoffs}`);
    expect(handoffs.body.handoffs.map((h) => h.id)).not.toContain(detail.handoffs[0]!.id);
    // One turn: no further page, and a cursor past the last turn reads an empty page.
    expect(detail.nextCursors.turns).toBeNull();
    const turns = await baton.api<SessionTurnPage>(`${sessionRoute('turns')}?limit=1`);
    expect(turns.body.turns.map((t) => [t.turn, t.traceId])).toEqual(detail.traces.map((t) => [t.turn, t.traceId]));
    const past = b64(JSON.stringify({ t: '9223372036854775807', id: 'f'.repeat(32) }));
    expect((await baton.api<SessionTurnPage>(`${sessionRoute('turns')}?cursor=${past}`)).body).toMatchObject({ turns: [], nextCursor: null });
  });
});

describe('afterwards', () => {
  it('is healthy and logged no failed request', async () => {
    expect((await baton.api('/readyz')).status).toBe(200);
    expect((await baton.api('/api/v1/traces')).status).toBe(200);
    expect(baton.output()).not.toMatch(/api request failed/);
  });
});
