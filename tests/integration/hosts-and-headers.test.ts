import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBaton, startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Safe by default and the headers (issue 12, points 1 and 8), on the real
 * server: without sign-in the UI stays on loopback and says so; another
 * interface needs BATON_AUTH=none, warned about at start and in the header;
 * a Host Baton does not serve gets 421 and no data (DNS rebinding); every UI
 * answer carries nosniff, a Referrer-Policy and a Content-Security-Policy
 * with a new script nonce, which every script tag of the page carries.
 */

let loopback: BatonProcess;
let open: BatonProcess;

beforeAll(async () => {
  [loopback, open] = await Promise.all([
    startBaton({ env: { BATON_PUBLIC_URL: 'https://baton.example.com/', BATON_EMBED_ORIGINS: 'https://wiki.example.com' } }),
    startBaton({ env: { BATON_HOST: '0.0.0.0', BATON_AUTH: 'none' } }),
  ]);
});
afterAll(async () => {
  for (const baton of [loopback, open]) {
    if (!baton) continue;
    expect(await baton.stop()).toBe(0);
    baton.cleanup();
  }
});

/** A GET with a Host header of our choosing (fetch sets its own). */
function get(baton: BatonProcess, path: string, host: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(baton.uiUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const port = (baton: BatonProcess) => new URL(baton.uiUrl).port;

describe('listening', () => {
  it('says at start that the UI and API are on loopback only, and how to serve other machines', () => {
    expect(loopback.output()).toMatch(/UI and API on 127\.0\.0\.1 only: set BATON_AUTH_SECRET .* to serve other machines/);
    expect(loopback.output()).not.toMatch(/"level":"warn".*No sign-in/);
  });

  it('refuses to serve another interface without sign-in, naming the settings', async () => {
    const bad = spawnBaton({ BATON_HOST: '0.0.0.0', PORT: '0', BATON_OTLP_HTTP_PORT: '0', BATON_DATA_DIR: `${loopback.dataDir}-unused` });
    expect(await bad.exited).not.toBe(0);
    expect(bad.output()).toContain('BATON_HOST=0.0.0.0 serves other machines, but no sign-in is configured: set BATON_AUTH_SECRET');
  });

  it('with BATON_AUTH=none, warns at start and in the header of every page', async () => {
    expect(open.output()).toMatch(/"level":"warn".*No sign-in \(BATON_AUTH=none\): anyone who can reach 0\.0\.0\.0:\d+ reads every trace/);
    for (const path of ['/', '/traces']) {
      const page = await get(open, path, `127.0.0.1:${port(open)}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('No sign-in: anyone who can reach this address reads every trace');
    }
  });

  it('shows no warning on loopback, whatever access mode a client claims', async () => {
    const res = await fetch(`${loopback.uiUrl}/traces`, { headers: { 'x-baton-access': 'open' } });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('No sign-in');
  });
});

describe('the Host check', () => {
  it('answers Host: evil.example with 421 and no data, on the API and on a page', async () => {
    for (const baton of [loopback, open]) {
      const api = await get(baton, '/api/v1/traces', 'evil.example');
      expect(api.status).toBe(421);
      const body = JSON.parse(api.body) as Record<string, unknown>;
      expect(body).toEqual({ error: { code: 'misdirected_request', message: expect.stringContaining('BATON_PUBLIC_URL') } });
      const page = await get(baton, '/traces', `evil.example:${port(baton)}`);
      expect(page.status).toBe(421);
      expect(page.headers['content-type']).toMatch(/^text\/plain/);
      expect(page.body).not.toContain('<html');
    }
  });

  it('serves localhost, 127.0.0.1 and the host of BATON_PUBLIC_URL, any port', async () => {
    for (const host of [`localhost:${port(loopback)}`, `127.0.0.1:${port(loopback)}`, 'baton.example.com', 'baton.example.com:443']) {
      const api = await get(loopback, '/api/v1/traces', host);
      expect(api.status, host).toBe(200);
      expect(JSON.parse(api.body), host).toHaveProperty('traces');
      expect((await get(loopback, '/traces', host)).status, host).toBe(200);
    }
    // Pages give their social preview at BATON_PUBLIC_URL's address, whatever host they were asked by.
    expect((await get(loopback, '/traces', `127.0.0.1:${port(loopback)}`)).body).toContain('<meta property="og:image" content="https://baton.example.com/og.png"/>');
    // Without BATON_PUBLIC_URL, a domain name other than a loopback one is never served.
    expect((await get(open, '/api/v1/traces', 'baton.example.com')).status).toBe(421);
  });

  it('answers health probes whatever the Host: they carry no telemetry', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const health = await get(loopback, path, 'baton.default.svc.cluster.local:3000');
      expect(health.status, path).toBe(200);
      expect(health.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });
});

describe('security headers', () => {
  const nonceOf = (csp: unknown) => /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(String(csp))?.[1];

  it('sends a policy with a new nonce on every page, and every script tag of the page carries it', async () => {
    const nonces: string[] = [];
    for (const path of ['/traces', '/traces']) {
      const page = await get(loopback, path, `127.0.0.1:${port(loopback)}`);
      expect(page.status).toBe(200);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(page.headers['x-frame-options']).toBe('DENY');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).not.toContain('unsafe-inline\' \'strict');
      expect(csp.split('; ').find((d) => d.startsWith('script-src'))).not.toContain('unsafe');
      expect(csp).toMatch(/frame-ancestors 'none'$/);
      const nonce = nonceOf(csp);
      expect(nonce).toBeDefined();
      nonces.push(nonce ?? '');
      const scripts = page.body.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(1);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('lets nothing load or run in an API answer', async () => {
    const api = await get(loopback, '/api/v1/traces', `localhost:${port(loopback)}`);
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('keeps the embed framing in the policy of an embed, with its nonce', async () => {
    const embed = await get(loopback, '/embed/metrics?metric=spans', `localhost:${port(loopback)}`);
    expect(embed.status).toBe(200);
    const csp = String(embed.headers['content-security-policy']);
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/wiki\.example\.com$/);
    expect(embed.headers['x-frame-options']).toBeUndefined();
    expect(embed.headers['x-content-type-options']).toBe('nosniff');
    const nonce = nonceOf(csp);
    for (const tag of embed.body.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('replaces a policy a client sends: its nonce never reaches the page', async () => {
    const res = await fetch(`${loopback.uiUrl}/traces`, { headers: { 'Content-Security-Policy': "script-src 'nonce-chosenbyclient'" } });
    expect(await res.text()).not.toContain('chosenbyclient');
  });
});
