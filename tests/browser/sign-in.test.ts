import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, batonCli, signIn, TEST_AUTH_SECRET } from '@/tests/helpers/accounts';
import { launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { signInWithFetch, startOidcProvider, type TestOidcProvider } from '@/tests/helpers/oidc-provider';
import { freePort, newDataDir, startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Signing in to the real Baton in Chromium (issue 12, point 2): through a
 * real OpenID provider (the certified oidc-provider, started here) and with a
 * local account; an identity with no Baton account gets one without a role;
 * signing out; and the OpenID callback refusing what it did not start.
 */

const ADA = { sub: 'ada-1', email: 'ada@example.com', name: 'Ada Lovelace', password: 'correct horse battery staple' };
const GRACE = { sub: 'grace-2', email: 'grace@example.com', name: 'Grace Hopper', password: 'another long password' };
const CLIENT_SECRET = 'client secret for the browser test';

let provider: TestOidcProvider;
let baton: BatonProcess;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ client: { clientId: 'baton', clientSecret: CLIENT_SECRET, redirectUris: [`${publicUrl}/auth/oidc/callback`] }, accounts: [ADA, GRACE] });
  const dataDir = newDataDir();
  // Ada is invited by email (no password: she signs in through the provider); Lin has a local account.
  const invited = batonCli(dataDir, ['user', 'add', '--email', ADA.email, '--role', 'admin']);
  expect(invited.stdout).toMatch(/no password: sign-in through the OpenID provider only/);
  addUser(dataDir, 'lin@example.com', 'lin local password', 'viewer');
  baton = await startBaton({
    dataDir,
    env: {
      PORT: String(port),
      BATON_PUBLIC_URL: publicUrl,
      BATON_AUTH_SECRET: TEST_AUTH_SECRET,
      BATON_OIDC_ISSUER: provider.issuer,
      BATON_OIDC_CLIENT_ID: 'baton',
      BATON_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await baton?.stop();
  baton?.cleanup();
  await provider?.stop();
});

async function providerSignIn(page: import('playwright-core').Page, account: { email: string; password: string }) {
  await page.getByRole('link', { name: 'Sign in with your identity provider' }).click();
  await page.waitForURL(`${provider.issuer}/interaction/**`);
  await page.getByLabel('Login').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('signing in to Baton in Chromium', () => {
  it('goes through the OpenID provider and back to the page asked for, linked to the invited account by verified email', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/sessions`);
    await page.waitForURL(`${baton.uiUrl}/signin?next=%2Fsessions`);
    await providerSignIn(page, ADA);
    await page.waitForURL(`${baton.uiUrl}/sessions`);
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('Ada Lovelace');
    await screenshot(page, 'sign-in-oidc');
    expect(problems).toEqual([]);

    // An admin of every project reads the audit log from the header: her own sign-in is in it.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${baton.uiUrl}/audit`);
    await expect.poll(() => page.locator('table').innerText()).toMatch(/ada@example\.com\s+sign-in\s+ok/);
    await page.getByLabel('Action').selectOption('user.create');
    // The filtered list replaces the whole one: no sign-in left, the CLI's account creations shown.
    await expect.poll(() => page.locator('table').innerText()).not.toMatch(/sign-in/);
    expect(await page.locator('table').innerText()).toMatch(/cli\s+user\.create\s+ok\s+ada@example\.com/);
    expect(page.url()).toMatch(/[?&]action=user\.create/);
    await screenshot(page, 'audit-log');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${baton.uiUrl}/signin`);
    await page.goto(`${baton.uiUrl}/traces`);
    await page.waitForURL(`${baton.uiUrl}/signin?next=%2Ftraces`);
    await page.close();
  });

  it('lets an admin make and revoke API tokens and ingest keys in the UI, each secret shown once', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/`);
    await providerSignIn(page, ADA);
    await page.waitForURL(`${baton.uiUrl}/`);
    await page.getByRole('link', { name: 'Tokens & keys' }).click();
    await page.waitForURL(`${baton.uiUrl}/settings/access`);
    await page.getByLabel('Project of the new token').fill('shop');
    await page.getByLabel('What the new token is for').fill('postmortem script');
    await page.getByRole('button', { name: 'Make token' }).click();
    const secret = (await page.getByTestId('new-secret').textContent({ timeout: 10_000 })) ?? '';
    expect(secret).toMatch(/^baton_tok_[\w-]{43}$/);
    await expect.poll(() => page.locator('table').first().innerText()).toMatch(/postmortem script\s+shop\s+ada@example\.com.*never\s+active/s);
    const read = (token: string) => fetch(`${baton.uiUrl}/api/v1/traces`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await read(secret)).toBe(200);
    // After a reload the secret is gone from the page for good.
    await page.reload();
    expect(await page.getByTestId('new-secret').count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke postmortem script' }).click();
    await expect.poll(() => page.locator('table').first().innerText()).toMatch(/postmortem script.*revoked/s);
    expect(await read(secret)).toBe(401);

    await page.getByLabel('Project of the new ingest key').fill('shop');
    await page.getByLabel('What the new ingest key is for').fill('checkout agents');
    await page.getByRole('button', { name: 'Make ingest key' }).click();
    expect(await page.getByTestId('new-secret').textContent({ timeout: 10_000 })).toMatch(/^baton_ik_[\w-]{43}$/);
    await screenshot(page, 'tokens-and-keys');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('gives an identity without an account a new one with no role, which sees nothing yet', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/`);
    await providerSignIn(page, GRACE);
    await page.waitForURL(`${baton.uiUrl}/no-access`);
    expect(await page.locator('main').innerText()).toMatch(/signed in as grace@example\.com, but you have no role in any project/i);
    await page.goto(`${baton.uiUrl}/traces`);
    await page.waitForURL(`${baton.uiUrl}/no-access`);
    await page.close();
  });

  it('signs in with a local account through the form', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/agents`);
    await page.getByLabel('Email').fill('lin@example.com');
    await page.getByLabel('Password').fill('wrong password!!');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('main').getByRole('alert').textContent()).toMatch(/do not match an account/);
    await page.getByLabel('Email').fill('lin@example.com');
    await page.getByLabel('Password').fill('lin local password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${baton.uiUrl}/agents`);
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('lin@example.com');
    // A viewer is offered no audit log and no tokens, and is refused the audit log when asking anyway.
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Tokens & keys' }).count()).toBe(0);
    await page.goto(`${baton.uiUrl}/audit`);
    await expect.poll(() => page.locator('main').innerText()).toMatch(/Admins only/);
    expect(problems.filter((p) => !/\b40[13]\b/.test(p))).toEqual([]);
    await page.close();
  });

  it('comes back to the sign-in page saying so when the provider sign-in is cancelled', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/handoffs`);
    await page.getByRole('link', { name: 'Sign in with your identity provider' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${baton.uiUrl}/signin?error=oidc&next=%2Fhandoffs`);
    expect(await page.locator('main').getByRole('alert').textContent()).toMatch(/identity provider did not work/);
    await page.close();
  });
});

describe('the OpenID callback', () => {
  async function start(next = '/traces') {
    const res = await fetch(`${baton.uiUrl}/auth/oidc/start?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^baton_oidc=/);
    const signedIn = await signInWithFetch(res.headers.get('location')!, `${baton.uiUrl}/auth/oidc/callback`, { login: ADA.email, password: ADA.password });
    if (!('callback' in signedIn)) throw new Error(`the provider stopped: ${JSON.stringify(signedIn.stoppedAt)}`);
    return { cookie, callback: `${baton.uiUrl}/auth/oidc/callback${signedIn.callback.search}` };
  }
  const back = (callback: string, cookie?: string) => fetch(callback, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });

  it('signs in once, and refuses the same answer replayed, or without the browser that started it', async () => {
    const { cookie, callback } = await start();
    const ok = await back(callback, cookie);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/traces');
    const session = ok.headers.getSetCookie().find((c) => c.startsWith('baton_session='))!.split(';')[0]!;
    expect((await fetch(`${baton.uiUrl}/api/v1/traces`, { headers: { Cookie: session } })).status).toBe(200);

    const replayed = await back(callback, cookie);
    expect(replayed.headers.get('location')).toBe('/signin?error=oidc&next=%2Ftraces');
    expect(replayed.headers.getSetCookie().some((c) => c.startsWith('baton_session='))).toBe(false);

    const other = await start('/agents');
    expect((await back(other.callback)).headers.get('location')).toBe('/signin?error=oidc&next=%2F');
    const [name, value] = other.cookie.split('=') as [string, string];
    expect((await back(other.callback, `${name}=${value.slice(0, -3)}${value.endsWith('abc') ? 'xyz' : 'abc'}`)).headers.get('location')).toBe('/signin?error=oidc&next=%2F');
  });

  it('keeps every OpenID sign-in, account creation and refusal in the audit log', async () => {
    const ada = await start();
    const session = (await back(ada.callback, ada.cookie)).headers.getSetCookie().find((c) => c.startsWith('baton_session='))!.split(';')[0]!;
    const { entries } = (await (await fetch(`${baton.uiUrl}/api/v1/audit?limit=1000`, { headers: { Cookie: session } })).json()) as { entries: { action: string; outcome: string; actor: string; detail: string }[] };
    const seen = (action: string, outcome: string, actor: string, detail: RegExp) => entries.some((e) => e.action === action && e.outcome === outcome && e.actor === actor && detail.test(e.detail));
    expect(seen('sign-in', 'ok', ADA.email, /^oidc, linked by verified email$/)).toBe(true);
    expect(seen('sign-in', 'ok', ADA.email, /^oidc$/)).toBe(true);
    expect(seen('user.create', 'ok', GRACE.email, /first sign-in through/)).toBe(true);
    expect(seen('sign-in', 'ok', GRACE.email, /^oidc, new account without a role$/)).toBe(true);
    expect(seen('sign-in', 'failed', '', /^oidc denied: .*access_denied/)).toBe(true);
    expect(seen('sign-in', 'failed', '', /^oidc (state|rejected): /)).toBe(true);
    expect(seen('sign-in', 'ok', 'lin@example.com', /^password$/)).toBe(true);
    expect(provider.serverErrors()).toEqual([]);
  });

  it('refuses a local sign-in for the invited account, which has no password', async () => {
    expect((await signIn(baton.uiUrl, ADA.email, ADA.password)).location).toBe('/signin?error=invalid&next=%2F');
  });
});
