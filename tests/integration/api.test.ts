import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, TraceList } from '@/lib/schemas/api';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/** The read API's contract at its edges, health endpoints, and the UI pages being served. */

let baton: BatonProcess;
let traceId: string;

beforeAll(async () => {
  baton = await startBaton();
  const otel = otelHarness(baton.otlpUrl, 'http/json', 'api-svc');
  traceId = emitTriageTrace(otel.tracer, 'api-session').traceId;
  await otel.flush();
  await otel.shutdown();
});
afterAll(async () => {
  await baton.stop();
  baton.cleanup();
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await baton.api('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await baton.api('/readyz')).toMatchObject({ status: 200, body: { status: 'ready', store: 'embedded' } });
  });
});

describe('icon', () => {
  it('sends /favicon.ico to the icon the pages declare', async () => {
    const res = await fetch(`${baton.uiUrl}/favicon.ico`, { redirect: 'manual' });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/icon.svg');
    const icon = await fetch(`${baton.uiUrl}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/image\/svg\+xml/);
  });
});

describe('errors', () => {
  it.each([
    ['/api/v1/traces/0123456789abcdef0123456789abcdef', 404, 'not_found', /no trace 0123456789abcdef0123456789abcdef is stored/],
    ['/api/v1/traces/not-a-trace-id', 400, 'bad_request', /trace id must be 32 hex characters/],
    ['/api/v1/traces?limit=0', 400, 'bad_request', /limit must be 1..200/],
    ['/api/v1/traces?limit=lots', 400, 'bad_request', /limit/],
    ['/api/v1/traces?from=yesterday', 400, 'bad_request', /from must be ISO-8601 or epoch milliseconds/],
    ['/api/v1/traces?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 400, 'bad_request', /from must not be after to/],
    ['/api/v1/traces?cursor=garbage', 400, 'bad_request', /cursor is not one this API returned/],
    ['/api/v1/nothing-here', 404, 'not_found', /no API route \/api\/v1\/nothing-here/],
  ])('%s answers %d %s', async (path, status, code, message) => {
    const res = await baton.api<ApiError>(path);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
  });
});

describe('lists', () => {
  it('default to the last 24 hours and accept epoch-millisecond and ISO bounds', async () => {
    expect((await baton.api<TraceList>('/api/v1/traces')).body.traces.map((t) => t.traceId)).toContain(traceId);
    const now = Date.now();
    const iso = await baton.api<TraceList>(`/api/v1/traces?from=${new Date(now - 60_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`);
    expect(iso.body.traces.map((t) => t.traceId)).toContain(traceId);
    const old = await baton.api<TraceList>(`/api/v1/traces?from=${now - 7 * 86_400_000}&to=${now - 6 * 86_400_000}`);
    expect(old.body.traces).toEqual([]);
  });

  it('accept an upper-case trace id', async () => {
    expect((await baton.api(`/api/v1/traces/${traceId.toUpperCase()}`)).status).toBe(200);
  });
});

describe('pages', () => {
  it.each(['/traces', '/traces/:stored'])('serves %s', async (path) => {
    const res = await fetch(`${baton.uiUrl}${path.replace(':stored', traceId)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Baton');
  });

  it.each(['/traces/ffffffffffffffffffffffffffffffff', '/traces/undefined', '/sessions/no-such-session'])('answers %s, which names nothing stored, with a 404 page', async (path) => {
    const res = await fetch(`${baton.uiUrl}${path}`);
    // The page itself (rendered in the browser: tests/browser/edges.test.ts) says what was not found.
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it.each(['/', '/handoffs', '/agents', '/embed/metrics?metric=spans'])('serves the overview pages: %s', async (path) => {
    const res = await fetch(`${baton.uiUrl}${path}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });
});
