import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/db/store';
import { tempStore } from '@/tests/helpers/temp-store';
import { checkShareToken, createShareLink, listShareLinks, recordView, revokeShareLink } from './links';
import { shareAllows } from './allows';

let store: Store;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ store, cleanup } = await tempStore()));
afterAll(async () => cleanup());

const base = { resource: 'trace' as const, target: 'a'.repeat(32), project: 'shop', fromMs: 1, toMs: 2, redact: 'none' as const, createdBy: 'ada@example.com' };

describe('share links in the store', () => {
  it('opens with its token only; the token is 256 bits and never stored', async () => {
    const { link, token } = await createShareLink(store.client, { ...base, expiresMs: Date.now() + 86_400_000 });
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await checkShareToken(store.client, token)).toEqual({ ok: true, link });
    expect(await checkShareToken(store.client, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(await checkShareToken(store.client, 'short')).toEqual({ ok: false, reason: 'unknown' });
    const rows = await (await store.client.query({ query: 'SELECT * FROM share_links', format: 'JSONEachRow' })).text();
    expect(rows).not.toContain(token);
  });

  it('expires (never, for 0), and is revoked at once', async () => {
    const now = Date.now();
    const soon = await createShareLink(store.client, { ...base, expiresMs: now + 1000 });
    expect((await checkShareToken(store.client, soon.token, now)).ok).toBe(true);
    expect(await checkShareToken(store.client, soon.token, now + 1000)).toEqual({ ok: false, reason: 'expired' });
    const never = await createShareLink(store.client, { ...base, expiresMs: 0 });
    expect((await checkShareToken(store.client, never.token, now + 100 * 365 * 86_400_000)).ok).toBe(true);
    await revokeShareLink(store.client, never.link.id);
    expect(await checkShareToken(store.client, never.token)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('lists a project’s links with their views', async () => {
    const { link } = await createShareLink(store.client, { ...base, project: 'ops', expiresMs: 0 });
    await recordView(store.client, link.id, Date.parse('2026-12-06T10:00:00Z'));
    await recordView(store.client, link.id, Date.parse('2026-12-06T11:00:00Z'));
    const [listed] = await listShareLinks(store.client, ['ops']);
    expect(listed).toMatchObject({ id: link.id, views: 2, lastViewedAt: '2026-12-06T11:00:00.000Z' });
    expect((await listShareLinks(store.client, 'all')).length).toBe(4);
    expect(await listShareLinks(store.client, ['nothing'])).toEqual([]);
  });
});

describe('what a trace link may call', () => {
  const link = { resource: 'trace' as const, target: 'a'.repeat(32) };
  it('its trace, the handoffs it opens and its own description, read only', () => {
    expect(shareAllows(link, 'GET', `/api/v1/traces/${'a'.repeat(32)}`)).toBe(true);
    expect(shareAllows(link, 'GET', `/api/v1/traces/${'A'.repeat(32)}`)).toBe(true);
    expect(shareAllows(link, 'GET', '/api/v1/handoffs/h-1')).toBe(true);
    expect(shareAllows(link, 'GET', '/api/v1/shared')).toBe(true);
  });
  it('nothing else', () => {
    for (const path of [`/api/v1/traces/${'b'.repeat(32)}`, '/api/v1/traces', '/api/v1/sessions', '/api/v1/handoffs', '/traces', '/api/v1/audit', `/api/v1/traces/${'a'.repeat(32)}/x`]) expect(shareAllows(link, 'GET', path), path).toBe(false);
    expect(shareAllows(link, 'POST', `/api/v1/traces/${'a'.repeat(32)}`)).toBe(false);
    expect(shareAllows(link, 'GET', '/api/v1/traces/%E0%A4%A')).toBe(false);
  });
});

describe('what a session link may call', () => {
  const link = { resource: 'session' as const, target: 'sess 1' };
  it('its session and its lists, traces and handoffs (their routes check they are the session’s), read only', () => {
    for (const path of ['/api/v1/sessions/sess%201', '/api/v1/sessions/sess%201/turns', '/api/v1/sessions/sess%201/facts', '/api/v1/sessions/sess%201/handoffs', '/api/v1/sessions/sess%201/contradictions', `/api/v1/traces/${'b'.repeat(32)}`, '/api/v1/handoffs/h-1', '/api/v1/shared']) {
      expect(shareAllows(link, 'GET', path), path).toBe(true);
    }
  });
  it('nothing else', () => {
    for (const path of ['/api/v1/sessions', '/api/v1/sessions/other', '/api/v1/sessions/other/facts', '/api/v1/sessions/sess%201/other', '/api/v1/traces', '/api/v1/metrics', '/sessions/sess%201']) expect(shareAllows(link, 'GET', path), path).toBe(false);
    expect(shareAllows(link, 'DELETE', '/api/v1/sessions/sess%201')).toBe(false);
  });
});

describe('what a handoff link may call', () => {
  const link = { resource: 'handoff' as const, target: 'h-1' };
  it('that handoff’s detail, and its own description', () => {
    expect(shareAllows(link, 'GET', '/api/v1/handoffs/h-1')).toBe(true);
    expect(shareAllows(link, 'GET', '/api/v1/shared')).toBe(true);
  });
  it('nothing else: not another handoff, not its trace or session', () => {
    for (const path of ['/api/v1/handoffs/h-2', '/api/v1/handoffs', `/api/v1/traces/${'a'.repeat(32)}`, '/api/v1/sessions/s1']) expect(shareAllows(link, 'GET', path), path).toBe(false);
  });
});
