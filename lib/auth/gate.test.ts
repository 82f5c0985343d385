import { describe, expect, it } from 'vitest';
import { decide, type GateRequest } from './gate';
import type { Principal } from './principal';

const anonymous: Principal = { kind: 'anonymous' };
const user: Principal = { kind: 'user', id: 'u1', email: 'ada@example.com', name: 'Ada', sessionId: 's', memberships: [{ project: 'shop', role: 'viewer' }] };
const roleless: Principal = { ...user, memberships: [] };
const token: Principal = { kind: 'token', tokenId: 't1', name: 'postmortems', project: 'shop' };
const req = (method: string, url: string, headers: GateRequest['headers'] = {}): GateRequest => ({ method, url, headers: { host: 'localhost:3000', ...headers } });

describe('the sign-in gate', () => {
  it('sends a person to the sign-in page, keeping where they were going', () => {
    expect(decide(req('GET', '/traces/abc?x=1'), anonymous, undefined)).toEqual({ action: 'redirect', location: '/signin?next=%2Ftraces%2Fabc%3Fx%3D1' });
  });

  it('answers API calls and embeds without a session with 401, not a page', () => {
    expect(decide(req('GET', '/api/v1/traces'), anonymous, undefined)).toMatchObject({ action: 'refuse', status: 401, code: 'unauthorized' });
    expect(decide(req('GET', '/embed/metrics/spans'), anonymous, undefined)).toMatchObject({ action: 'refuse', status: 401 });
  });

  it('lets an embedded panel with a share token in its address through (its data calls carry the token), and no other embed', () => {
    const token = 'a'.repeat(43);
    expect(decide(req('GET', `/embed/sessions/s1/consistency?theme=light&token=${token}`), anonymous, undefined)).toEqual({ action: 'pass' });
    expect(decide(req('GET', '/embed/sessions/s1/consistency?token=short'), anonymous, undefined)).toMatchObject({ action: 'refuse', status: 401 });
    expect(decide(req('POST', `/embed/sessions/s1/consistency?token=${token}`, { origin: 'http://localhost:3000' }), anonymous, undefined)).toMatchObject({ action: 'refuse', status: 401 });
    expect(decide(req('GET', `/traces?token=${token}`), anonymous, undefined)).toMatchObject({ action: 'redirect' });
  });

  it('lets the sign-in page, health probes and static assets through', () => {
    for (const path of ['/signin?next=%2F', '/healthz', '/readyz', '/_next/static/chunks/a.js', '/icon.svg', '/og.png', '/robots.txt']) expect(decide(req('GET', path), anonymous, undefined)).toEqual({ action: 'pass' });
    expect(decide(req('POST', '/auth/signin', { origin: 'http://localhost:3000' }), anonymous, undefined)).toEqual({ action: 'pass' });
  });

  it('lets a signed-in person and a Baton without sign-in through', () => {
    expect(decide(req('GET', '/api/v1/traces'), user, undefined)).toEqual({ action: 'pass' });
    expect(decide(req('GET', '/'), { kind: 'open' }, undefined)).toEqual({ action: 'pass' });
  });

  it('lets a person without any role see who they are and sign out, and nothing else', () => {
    expect(decide(req('GET', '/traces'), roleless, undefined)).toEqual({ action: 'redirect', location: '/no-access' });
    expect(decide(req('GET', '/api/v1/traces'), roleless, undefined)).toMatchObject({ action: 'refuse', status: 403, code: 'no_role' });
    for (const path of ['/no-access', '/api/v1/me', '/signin']) expect(decide(req('GET', path), roleless, undefined)).toEqual({ action: 'pass' });
    expect(decide(req('POST', '/auth/signout', { origin: 'http://localhost:3000' }), roleless, undefined)).toEqual({ action: 'pass' });
  });

  it('refuses state-changing requests from other sites, whoever is signed in', () => {
    const forged = { action: 'refuse', status: 403, code: 'cross_site' };
    expect(decide(req('POST', '/auth/signout', { origin: 'https://evil.example', cookie: 'baton_session=x' }), user, undefined)).toMatchObject(forged);
    expect(decide(req('POST', '/auth/signin', { origin: 'null' }), anonymous, undefined)).toMatchObject(forged);
    expect(decide(req('POST', '/auth/signout', { 'sec-fetch-site': 'cross-site', cookie: 'baton_session=x' }), { kind: 'open' }, undefined)).toMatchObject(forged);
    expect(decide(req('POST', '/auth/signout', { cookie: 'baton_session=x' }), user, undefined)).toMatchObject(forged);
  });

  it('accepts them from its own pages: the Host it was sent to, or BATON_PUBLIC_URL', () => {
    expect(decide(req('POST', '/auth/signout', { origin: 'http://localhost:3000', cookie: 'c=1' }), user, undefined)).toEqual({ action: 'pass' });
    expect(decide(req('POST', '/auth/signout', { origin: 'https://baton.example.com', cookie: 'c=1' }), user, 'https://baton.example.com')).toEqual({ action: 'pass' });
    expect(decide(req('POST', '/auth/signout', { 'sec-fetch-site': 'same-origin', cookie: 'c=1' }), user, undefined)).toEqual({ action: 'pass' });
    // A script with neither Origin nor cookie (a token-holding tool) cannot be a forged browser request.
    expect(decide(req('POST', '/api/v1/x'), user, undefined)).toEqual({ action: 'pass' });
  });

  it('lets an API token read /api/v1 and nothing else', () => {
    for (const [method, path] of [['GET', '/api/v1/traces/abc'], ['HEAD', '/api/v1/sessions?from=now-1h']] as const) expect(decide(req(method, path), token, undefined)).toEqual({ action: 'pass' });
    const readOnly = { action: 'refuse', status: 403, code: 'read_only_token', message: expect.stringMatching(/^read-only token/) };
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(decide(req(method, '/api/v1/tokens'), token, undefined), method).toMatchObject(readOnly);
    // Pages, embeds, sign-in and the API's other versions are not the token's to reach.
    for (const path of ['/', '/traces/abc', '/embed/metrics/spans', '/signin', '/api/v2/x', '/api/v1']) expect(decide(req('GET', path), token, undefined), path).toMatchObject(readOnly);
  });

  it('still refuses a cross-site state change carrying a token', () => {
    expect(decide(req('POST', '/api/v1/tokens', { origin: 'https://evil.example' }), token, undefined)).toMatchObject({ status: 403, code: 'cross_site' });
  });
});
