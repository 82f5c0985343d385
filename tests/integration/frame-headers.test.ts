import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/** Framing (issue 6, point 7): embeds only by BATON_EMBED_ORIGINS (and Baton), every other page by no one. */

let baton: BatonProcess;

beforeAll(async () => {
  baton = await startBaton({ env: { BATON_EMBED_ORIGINS: 'https://wiki.example.com,http://localhost:8080' } });
});
afterAll(async () => {
  expect(await baton.stop()).toBe(0);
  baton.cleanup();
});

/** The frame-ancestors directive of the response's policy (lib/security-headers.ts holds the rest of it), and X-Frame-Options. */
const headersOf = async (path: string) => {
  const res = await fetch(`${baton.uiUrl}${path}`, { redirect: 'manual' });
  await res.arrayBuffer();
  const directives = (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());
  return { csp: directives.filter((d) => d.startsWith('frame-ancestors')).join('; '), xfo: res.headers.get('x-frame-options') };
};

describe('frame headers', () => {
  it.each(['/traces', '/traces/0123456789abcdef0123456789abcdef', '/', '/api/v1/traces'])('refuses to be framed on %s', async (path) => {
    expect(await headersOf(path)).toEqual({ csp: "frame-ancestors 'none'", xfo: 'DENY' });
  });

  it('lets the configured origins and Baton frame the embeds', async () => {
    expect(await headersOf('/embed/handoffs/h-1')).toEqual({ csp: "frame-ancestors 'self' https://wiki.example.com http://localhost:8080", xfo: null });
  });

  it('stops with a clear message when an embed origin is not an origin', async () => {
    const { spawnBaton } = await import('@/tests/helpers/server');
    const bad = spawnBaton({ BATON_EMBED_ORIGINS: 'wiki.example.com/page', PORT: '0', BATON_OTLP_HTTP_PORT: '0', BATON_DATA_DIR: `${baton.dataDir}-unused` });
    expect(await bad.exited).not.toBe(0);
    expect(bad.output()).toContain('BATON_EMBED_ORIGINS: "wiki.example.com/page" is not an origin');
  });
});
