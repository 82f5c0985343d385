import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithFetch, startOidcProvider, type TestOidcProvider } from '@/tests/helpers/oidc-provider';
import { safeNextPath } from './next-path';
import { beginOidc, finishOidc, loadOidc, OidcError, type OidcConfig } from './oidc';

/**
 * OpenID Connect sign-in (issue 12, point 2) against a real provider (the
 * certified oidc-provider package, started here), the flow driven over HTTP
 * as a browser would: the provider's redirects, its login form, the code.
 */

const PUBLIC_URL = 'http://127.0.0.1:3999';
const REDIRECT = `${PUBLIC_URL}/auth/oidc/callback`;
const ADA = { sub: 'ada-1', email: 'ada@example.com', name: 'Ada Lovelace', password: 'correct horse battery staple' };

let provider: TestOidcProvider;
let config: OidcConfig;

beforeAll(async () => {
  provider = await startOidcProvider({ client: { clientId: 'baton', clientSecret: 'a client secret of some length', redirectUris: [REDIRECT] }, accounts: [ADA, { sub: 'bob-2', email: 'bob@example.com', name: 'Bob', password: 'bob password', emailVerified: false }] });
  config = await loadOidc({ issuer: provider.issuer, clientId: 'baton', clientSecret: 'a client secret of some length', publicUrl: `${PUBLIC_URL}/` });
});
afterAll(async () => {
  expect(provider.serverErrors()).toEqual([]);
  await provider.stop();
});

/** Begins a sign-in and goes through the provider; the callback URL it ends at, or a failure. */
async function signIn(login: string, password: string) {
  const begun = await beginOidc(config, '/traces?range=1h');
  const result = await signInWithFetch(begun.url, REDIRECT, { login, password });
  return { ...begun, result };
}

const callbackOf = (result: Awaited<ReturnType<typeof signIn>>['result']): URL => {
  if (!('callback' in result)) throw new Error(`the sign-in stopped at ${result.stoppedAt.url} (${result.stoppedAt.status}): ${result.stoppedAt.body.slice(0, 300)}`);
  return result.callback;
};

const oidcErrorOf = async (work: Promise<unknown>): Promise<OidcError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OidcError);
  return error as OidcError;
};

describe('OpenID Connect sign-in', () => {
  it('asks for the code flow with PKCE S256, state, nonce and openid email profile, back to /auth/oidc/callback', async () => {
    const { url, transaction } = await beginOidc(config, '/traces');
    const params = new URL(url).searchParams;
    expect(url.startsWith(`${provider.issuer}/`)).toBe(true);
    expect(Object.fromEntries(['response_type', 'client_id', 'redirect_uri', 'scope', 'code_challenge_method', 'state', 'nonce'].map((k) => [k, params.get(k)]))).toEqual({
      response_type: 'code',
      client_id: 'baton',
      redirect_uri: REDIRECT,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('code_challenge')).not.toBe(transaction.codeVerifier);
    expect(transaction.next).toBe('/traces');
  });

  it('signs in with the account and returns its claims', async () => {
    const { transaction, result } = await signIn(ADA.email, ADA.password);
    const callback = callbackOf(result);
    expect(callback.searchParams.get('state')).toBe(transaction.state);
    expect(await finishOidc(config, callback, transaction)).toEqual({ issuer: provider.issuer, subject: ADA.sub, email: ADA.email, emailVerified: true, name: ADA.name });
    expect(transaction.next).toBe('/traces?range=1h');
  });

  it('reports an unverified email as such', async () => {
    const { transaction, result } = await signIn('bob@example.com', 'bob password');
    expect(await finishOidc(config, callbackOf(result), transaction)).toMatchObject({ subject: 'bob-2', emailVerified: false });
  });

  it('refuses a callback whose state is not the one started here, and does not spend the code on it', async () => {
    const { transaction, result } = await signIn(ADA.email, ADA.password);
    const callback = callbackOf(result);
    const other = (await beginOidc(config, '/')).transaction;
    const error = await oidcErrorOf(finishOidc(config, callback, { ...transaction, state: other.state }));
    expect(error.code).toBe('state');
    expect(error.message).toMatch(/does not belong to the sign-in started in this browser.*start the sign-in again/);
    // The genuine transaction still completes: the refused callback never reached the provider.
    expect(await finishOidc(config, callback, transaction)).toMatchObject({ subject: ADA.sub });
  });

  it('refuses a replayed code', async () => {
    const { transaction, result } = await signIn(ADA.email, ADA.password);
    const callback = callbackOf(result);
    expect(await finishOidc(config, callback, transaction)).toMatchObject({ subject: ADA.sub });
    const error = await oidcErrorOf(finishOidc(config, callback, transaction));
    expect(error.code).toBe('rejected');
    expect(error.message).toMatch(/refused the sign-in code: invalid_grant/);
  });

  it('refuses a code exchanged with another PKCE verifier or another nonce', async () => {
    const first = await signIn(ADA.email, ADA.password);
    const wrongVerifier = await oidcErrorOf(finishOidc(config, callbackOf(first.result), { ...first.transaction, codeVerifier: (await beginOidc(config, '/')).transaction.codeVerifier }));
    expect(wrongVerifier.message).toMatch(/invalid_grant/);
    const second = await signIn(ADA.email, ADA.password);
    const wrongNonce = await oidcErrorOf(finishOidc(config, callbackOf(second.result), { ...second.transaction, nonce: (await beginOidc(config, '/')).transaction.nonce }));
    expect(wrongNonce.code).toBe('rejected');
    expect(wrongNonce.message).toMatch(/unexpected ID Token "nonce" claim value/);
  });

  it('says which settings to check when the provider refuses the client secret', async () => {
    const wrongSecret = await loadOidc({ issuer: provider.issuer, clientId: 'baton', clientSecret: 'not the secret', publicUrl: PUBLIC_URL });
    const begun = await beginOidc(wrongSecret, '/');
    const callback = callbackOf(await signInWithFetch(begun.url, REDIRECT, { login: ADA.email, password: ADA.password }));
    const error = await oidcErrorOf(finishOidc(wrongSecret, callback, begun.transaction));
    expect(error.code).toBe('rejected');
    expect(error.message).toMatch(/refused the sign-in code: invalid_client .*check BATON_OIDC_CLIENT_ID and BATON_OIDC_CLIENT_SECRET/);
  });

  it('never reaches the callback with a wrong password', async () => {
    const { result } = await signIn(ADA.email, 'wrong password');
    expect('callback' in result).toBe(false);
    if ('stoppedAt' in result) {
      expect(result.stoppedAt.status).toBe(401);
      expect(result.stoppedAt.body).toContain('Wrong login or password.');
    }
  });

  it('turns a sign-in the user cancels at the provider into a clear error', async () => {
    const { transaction, url } = await beginOidc(config, '/');
    const callback = callbackOf(await signInWithFetch(url, REDIRECT, { cancel: true }));
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const error = await oidcErrorOf(finishOidc(config, callback, transaction));
    expect(error.code).toBe('denied');
    expect(error.message).toMatch(/did not sign you in: access_denied \(The user cancelled the sign-in\)/);
  });

  it('refuses a transaction that is not one beginOidc made', async () => {
    const { transaction, result } = await signIn(ADA.email, ADA.password);
    const error = await oidcErrorOf(finishOidc(config, callbackOf(result), { ...transaction, codeVerifier: 'short' }));
    expect(error.code).toBe('state');
    expect(error.message).toMatch(/unreadable: start the sign-in again/);
  });

  it('refuses a callback without code or state', async () => {
    const { transaction } = await beginOidc(config, '/');
    expect((await oidcErrorOf(finishOidc(config, new URL(`${REDIRECT}?state=${transaction.state}`), transaction))).code).toBe('state');
  });

  it('discovers a provider once and keeps it', async () => {
    const again = await loadOidc({ issuer: provider.issuer, clientId: 'baton', clientSecret: 'a client secret of some length', publicUrl: PUBLIC_URL });
    expect(again).toBe(config);
    expect(config.redirectUri).toBe(REDIRECT);
  });
});

describe('OpenID Connect settings and discovery', () => {
  const settings = { clientId: 'baton', clientSecret: 's', publicUrl: PUBLIC_URL };

  it('says so when the issuer is unreachable, and tries again on the next call', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
    });
    const issuer = `http://127.0.0.1:${port}`;
    const first = await oidcErrorOf(loadOidc({ ...settings, issuer }));
    expect(first.code).toBe('unreachable');
    expect(first.message).toMatch(new RegExp(`The OpenID provider at ${issuer} is unreachable \\(.*ECONNREFUSED.*\\): check BATON_OIDC_ISSUER`));
    const up = await startOidcProvider({ client: { clientId: 'baton', clientSecret: 's', redirectUris: [REDIRECT] }, accounts: [] });
    try {
      // Not kept after a failure: the same settings are discovered again (here: another, live issuer).
      expect((await loadOidc({ ...settings, issuer: up.issuer })).issuer).toBe(up.issuer);
      expect((await oidcErrorOf(loadOidc({ ...settings, issuer }))).code).toBe('unreachable');
    } finally {
      await up.stop();
    }
  });

  it('says so when the issuer is not an OpenID provider, or not under that identifier', async () => {
    const notOidc = await oidcErrorOf(loadOidc({ ...settings, issuer: `${provider.issuer}/not-here` }));
    expect(notOidc.code).toBe('not-oidc');
    expect(notOidc.message).toContain(`${provider.issuer}/not-here is not an OpenID provider`);
  });

  it('refuses plain http to a provider that is not on this machine, and settings that are not URLs', async () => {
    const http = await oidcErrorOf(loadOidc({ ...settings, issuer: 'http://login.example.com' }));
    expect(http.code).toBe('settings');
    expect(http.message).toMatch(/BATON_OIDC_ISSUER must be an https URL/);
    expect((await oidcErrorOf(loadOidc({ ...settings, issuer: 'login.example.com' }))).message).toMatch(/BATON_OIDC_ISSUER must be an http\(s\) URL/);
    expect((await oidcErrorOf(loadOidc({ ...settings, issuer: provider.issuer, clientId: '' }))).message).toMatch(/BATON_OIDC_CLIENT_ID is required/);
  });

  it('returns only same-origin paths as the place to go after signing in', () => {
    expect(safeNextPath('/traces?x=1#y')).toBe('/traces?x=1#y');
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'traces', '', '/\t/evil.example', undefined, null]) {
      expect(safeNextPath(bad), String(bad)).toBe('/');
    }
  });
});
