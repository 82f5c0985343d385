import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_FAILURES } from '@/lib/auth/rate-limit';
import { addUser, batonCli, signIn, TEST_AUTH_SECRET } from '@/tests/helpers/accounts';
import { newDataDir, startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Sign-in with local accounts on the real server: the first admin made with
 * the CLI, the gate in front of every page and API route, the session
 * cookie, sign-out, the attempt limit, cross-site refusal and the audit log.
 */

let baton: BatonProcess;
const dataDir = newDataDir();

beforeAll(async () => {
  addUser(dataDir, 'admin@example.com', 'admin password 123', 'admin');
  addUser(dataDir, 'viewer@example.com', 'viewer password 123', 'viewer', 'shop');
  addUser(dataDir, 'reader@example.com', 'reader password 123', 'viewer', 'shop');
  baton = await startBaton({ dataDir, env: { BATON_AUTH_SECRET: TEST_AUTH_SECRET } });
});
afterAll(async () => {
  expect(await baton.stop()).toBe(0);
  baton.cleanup();
});

const get = (path: string, cookie?: string) => fetch(`${baton.uiUrl}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });

describe('sign-in with a local account', () => {
  it('keeps every page and API route behind sign-in', async () => {
    const api = await get('/api/v1/traces');
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/sign in/) } });
    const page = await get('/sessions?from=now-1h');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin?next=%2Fsessions%3Ffrom%3Dnow-1h');
    const form = await get('/signin?next=%2Fsessions');
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/<form[^>]*action="\/auth\/signin"/);
    expect((await get('/healthz')).status).toBe(200);
    // An embed is read in an iframe: it says so in words.
    const embed = await get('/embed/metrics/spans');
    expect(embed.status).toBe(401);
    expect(await embed.text()).toMatch(/^Baton: sign in to Baton to see this/);
  });

  it('gives a signed session cookie for the right password, and nothing for a wrong one', async () => {
    const wrong = await signIn(baton.uiUrl, 'admin@example.com', 'not the password', '/traces');
    expect(wrong).toMatchObject({ status: 303, location: '/signin?error=invalid&next=%2Ftraces', setCookie: '' });
    const ok = await signIn(baton.uiUrl, 'Admin@Example.com', 'admin password 123', '/traces');
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/traces');
    expect(ok.setCookie).toMatch(/^baton_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/);
    expect((await get('/api/v1/traces', ok.cookie)).status).toBe(200);
    expect(await (await get('/api/v1/me', ok.cookie)).json()).toEqual({
      access: 'sign-in',
      user: { id: expect.any(String), email: 'admin@example.com', name: 'admin@example.com' },
      memberships: [{ project: '*', role: 'admin' }],
      // Where this Baton receives OTLP, as the caller reached it (for the empty states' "send data" hint).
      otlp: { http: baton.otlpUrl, grpc: baton.grpcUrl },
    });
  });

  it('refuses a tampered cookie and a cookie signed with another secret', async () => {
    const { cookie } = await signIn(baton.uiUrl, 'admin@example.com', 'admin password 123');
    const [name, value] = cookie!.split('=') as [string, string];
    const [id, mac] = value.split('.') as [string, string];
    const flipped = id.slice(0, -1) + (id.endsWith('A') ? 'B' : 'A');
    expect((await get('/api/v1/traces', `${name}=${flipped}.${mac}`)).status).toBe(401);
    expect((await get('/api/v1/traces', `${name}=${id}`)).status).toBe(401);
    expect((await get('/api/v1/traces', `${name}=${id}.${mac.slice(0, -2)}${mac.endsWith('xx') ? 'yy' : 'xx'}`)).status).toBe(401);
  });

  it('never sends a person to another site after signing in', async () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      expect((await signIn(baton.uiUrl, 'admin@example.com', 'admin password 123', next)).location).toBe('/');
    }
  });

  it('ends the session on sign-out: the old cookie no longer works', async () => {
    const { cookie } = await signIn(baton.uiUrl, 'admin@example.com', 'admin password 123');
    const out = await fetch(`${baton.uiUrl}/auth/signout`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie!, Origin: baton.uiUrl } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^baton_session=; .*Max-Age=0/);
    expect((await get('/api/v1/traces', cookie)).status).toBe(401);
  });

  it('refuses state-changing requests from another site', async () => {
    const { cookie } = await signIn(baton.uiUrl, 'admin@example.com', 'admin password 123');
    const forged = await fetch(`${baton.uiUrl}/auth/signout`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie!, Origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toMatch(/^Baton: refused: this request did not come from a Baton page/);
    expect((await get('/api/v1/traces', cookie)).status).toBe(200);
  });

  it('stops guessing: after the failures the right password is refused too, with Retry-After', async () => {
    for (let i = 0; i < ACCOUNT_FAILURES; i++) await signIn(baton.uiUrl, 'viewer@example.com', `guess ${i}`);
    const limited = await fetch(`${baton.uiUrl}/auth/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: baton.uiUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'viewer@example.com', password: 'viewer password 123' }),
    });
    expect(limited.status).toBe(303);
    expect(limited.headers.get('location')).toMatch(/^\/signin\?error=limited&retry=\d+/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(limited.headers.get('set-cookie')).toBeNull();
  });

  it('keeps the audit log for admins: every attempt, sign-out and refusal, with where it came from', async () => {
    const admin = await signIn(baton.uiUrl, 'admin@example.com', 'admin password 123');
    const res = await get('/api/v1/audit?action=sign-in&limit=1000', admin.cookie);
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: { actor: string; outcome: string; ip: string; detail: string }[] };
    const count = (actor: string, outcome: string) => entries.filter((e) => e.actor === actor && e.outcome === outcome).length;
    expect(count('admin@example.com', 'failed')).toBe(1);
    expect(count('admin@example.com', 'ok')).toBeGreaterThanOrEqual(8);
    expect(count('viewer@example.com', 'failed')).toBe(ACCOUNT_FAILURES);
    expect(count('viewer@example.com', 'refused')).toBe(1);
    expect(entries.every((e) => e.ip === '127.0.0.1' || e.ip === '::ffff:127.0.0.1')).toBe(true);
    const outs = await (await get('/api/v1/audit?action=sign-out', admin.cookie)).json();
    expect(outs.entries).toHaveLength(1);
  });

  it('shows the audit log to admins only', async () => {
    const reader = await signIn(baton.uiUrl, 'reader@example.com', 'reader password 123');
    const refused = await get('/api/v1/audit', reader.cookie);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
    expect((await get('/api/v1/audit')).status).toBe(401);
  });

  it('refuses the user commands while Baton holds the embedded store, saying to stop it first', () => {
    const r = batonCli(dataDir, ['user', 'list']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/already in use by another Baton[\s\S]*stop Baton first/);
  });
});
