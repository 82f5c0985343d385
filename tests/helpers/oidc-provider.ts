import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload, type Configuration, type JWK } from 'oidc-provider';

/**
 * A real OpenID provider for tests: the certified `oidc-provider` package,
 * in-process on http://127.0.0.1:<free port>, with one confidential client
 * (authorization code, PKCE S256 required) and the accounts the test gives
 * it. Its sign-in is a small interaction handler of ours instead of the
 * package's development pages: a plain login form (fields `login`, which
 * takes the email or the subject, and `password`, button "Sign in", and a
 * "Cancel" button that answers the client with `access_denied`), then a
 * consent step that grants `openid email profile` without asking. So
 * Chromium can fill the form, and `signInWithFetch` (below) can do the same
 * with plain HTTP. Nothing leaves the machine.
 */

export interface OidcAccount {
  sub: string;
  email: string;
  name: string;
  password: string;
  /** Defaults to true. */
  emailVerified?: boolean;
}

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>`: the issuer identifier, discovery at `/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** Errors the provider reported (its `server_error` events): a test can assert there were none. */
  serverErrors(): string[];
  stop(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, problem?: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Sign in to the test provider</title></head><body>
<h1>Sign in</h1>${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Login <input name="login" autocomplete="username" autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Cancel</button></form>
</body></html>`;
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * The provider's storage (codes, sessions, grants…) in one Map per provider,
 * with expiry and one-time use of codes, as the package's own in-memory
 * store does; ours, so the package does not warn on every test file.
 */
function memoryAdapter(): (name: string) => Adapter {
  const rows = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const live = (key: string) => {
    const row = rows.get(key);
    if (row && row.expiresAt < Date.now()) rows.delete(key);
    return row && row.expiresAt >= Date.now() ? row.payload : undefined;
  };
  return (name) => {
    const keyOf = (id: string) => `${name}:${id}`;
    const each = (test: (p: AdapterPayload) => boolean) => [...rows.keys()].filter((k) => k.startsWith(`${name}:`)).map((k) => live(k)).find((p) => p && test(p));
    return {
      upsert: async (id, payload, expiresIn) => void rows.set(keyOf(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity }),
      find: async (id) => live(keyOf(id)),
      findByUid: async (uid) => each((p) => p.uid === uid),
      findByUserCode: async (userCode) => each((p) => p.userCode === userCode),
      consume: async (id) => {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => void rows.delete(keyOf(id)),
      revokeByGrantId: async (grantId) => {
        for (const [key, row] of rows) if (row.payload.grantId === grantId) rows.delete(key);
      },
    };
  };
}

export async function startOidcProvider(options: { client: OidcClient; accounts: OidcAccount[] }): Promise<TestOidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map(options.accounts.map((a) => [a.sub, a]));
  const byLogin = (login: string) => options.accounts.find((a) => a.email === login || a.sub === login);
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK;

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // Confidential clients too must send a PKCE challenge (the provider supports S256 only).
    pkce: { required: () => true },
    adapter: memoryAdapter(),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: account.email, email_verified: account.emailVerified ?? true, name: account.name }),
      };
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The only client is a server (Baton): no browser calls the provider's endpoints cross-origin.
    clientBasedCORS: () => false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    renderError: (ctx, out) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${out.error}: ${out.error_description ?? ''}`;
    },
  };
  const provider = new Provider(issuer, configuration);
  const errors: string[] = [];
  provider.on('server_error', (_ctx, error: Error) => errors.push(error.stack ?? error.message));
  const handleProvider = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return send(res, 400, 'This sign-in page belongs to another sign-in: start again.');
    if (details.prompt.name === 'consent') {
      // Every scope the client asks for (of openid email profile) is granted without a question.
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) });
      if (!grant) return send(res, 400, 'The grant of this sign-in is gone: start again.');
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    }
    if (details.prompt.name !== 'login') return send(res, 501, `The test provider has no page for the prompt "${details.prompt.name}".`);
    if (req.method === 'GET' && action === undefined) return send(res, 200, loginPage(uid));
    if (req.method !== 'POST') return send(res, 405, 'Use the form.');
    if (action === 'abort') {
      return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in' }, { mergeWithLastSubmission: false });
    }
    const form = await formBody(req);
    const account = byLogin(form.get('login') ?? '');
    if (!account || account.password !== form.get('password')) return send(res, 401, loginPage(uid, 'Wrong login or password.'));
    return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    // Browsers ask for it on every page; a 404 would show as a console error in browser tests.
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(path);
    if (!match) return void handleProvider(req, res);
    interaction(req, res, match[1] ?? '', match[2]).catch((error: Error) => {
      errors.push(error.stack ?? error.message);
      if (!res.headersSent) send(res, 400, `The sign-in could not go on: ${escapeHtml(error.message)}`);
      else res.end();
    });
  });

  return {
    issuer,
    serverErrors: () => [...errors],
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Where a fetch-driven sign-in ended: at the client's redirect URI, or on a page of the provider it could not get past. */
export type FetchSignIn = { callback: URL } | { stoppedAt: { url: string; status: number; body: string } };

/**
 * Signs in the way a browser would, with fetch: follows the provider's
 * redirects from `authorizationUrl` (keeping its cookies), posts the login
 * form once with the given login and password (or presses "Cancel" when
 * `cancel` is set), and stops at the first redirect to `redirectUri`
 * without requesting it.
 */
export async function signInWithFetch(authorizationUrl: string, redirectUri: string, credentials: { login: string; password: string } | { cancel: true }): Promise<FetchSignIn> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let init: RequestInit = {};
  let submitted = false;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.arrayBuffer();
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return { callback: next };
      [url, init] = [next.href, {}];
      continue;
    }
    const body = await res.text();
    const uid = /action="\/interaction\/([\w-]+)\/login"/.exec(body)?.[1];
    if (submitted || !uid) return { stoppedAt: { url, status: res.status, body } };
    submitted = true;
    const cancel = 'cancel' in credentials;
    url = new URL(`/interaction/${uid}/${cancel ? 'abort' : 'login'}`, url).href;
    const form = cancel ? new URLSearchParams() : new URLSearchParams({ login: credentials.login, password: credentials.password });
    init = { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error(`the sign-in at ${authorizationUrl} did not end after 20 steps (last at ${url})`);
}
