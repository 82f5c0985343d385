import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginOidc, finishOidc, loadOidc, OidcError, type OidcConfig, type OidcTransaction } from '@/lib/auth/oidc';
import { launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { startOidcProvider, type TestOidcProvider } from '@/tests/helpers/oidc-provider';

/**
 * The test OpenID provider in a real browser (issue 12, point 2): Chromium
 * fills its login form and comes back to a relying party that uses
 * lib/auth/oidc.ts, as Baton's sign-in routes will. The relying party here
 * is a few lines of node:http (its transaction kept in memory, by state),
 * so this checks the provider fixture and the OIDC flow, not Baton's routes.
 */

const ADA = { sub: 'ada-1', email: 'ada@example.com', name: 'Ada Lovelace', password: 'correct horse battery staple' };

let provider: TestOidcProvider;
let relyingParty: Server;
let rpUrl: string;
let config: OidcConfig;
let browser: Browser;

beforeAll(async () => {
  const transactions = new Map<string, OidcTransaction>();
  relyingParty = createServer((req, res) => {
    const url = new URL(req.url ?? '/', rpUrl);
    const answer = (status: number, text: string) => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    if (url.pathname === '/login') {
      void beginOidc(config, url.searchParams.get('next') ?? '/').then(({ url: to, transaction }) => {
        transactions.set(transaction.state, transaction);
        res.writeHead(302, { location: to }).end();
      });
      return;
    }
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (url.pathname !== '/auth/oidc/callback') return void answer(404, 'not found');
    const transaction = transactions.get(url.searchParams.get('state') ?? '');
    if (!transaction) return void answer(400, 'no sign-in started with this state');
    transactions.delete(transaction.state);
    finishOidc(config, url, transaction).then(
      (identity) => answer(200, `signed in: ${JSON.stringify(identity)} next: ${transaction.next}`),
      (error: unknown) => answer(error instanceof OidcError && error.code === 'denied' ? 403 : 400, `refused (${(error as OidcError).code}): ${(error as Error).message}`),
    );
  });
  await new Promise<void>((resolve) => relyingParty.listen(0, '127.0.0.1', resolve));
  rpUrl = `http://127.0.0.1:${(relyingParty.address() as AddressInfo).port}`;
  provider = await startOidcProvider({ client: { clientId: 'baton', clientSecret: 'browser test secret', redirectUris: [`${rpUrl}/auth/oidc/callback`] }, accounts: [ADA] });
  config = await loadOidc({ issuer: provider.issuer, clientId: 'baton', clientSecret: 'browser test secret', publicUrl: rpUrl });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await provider?.stop();
  relyingParty?.closeAllConnections();
  await new Promise((resolve) => relyingParty?.close(resolve));
});

describe('the test OpenID provider in Chromium', () => {
  it('signs in through its login form and comes back with the account', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${rpUrl}/login?next=/traces`);
    expect(page.url().startsWith(`${provider.issuer}/interaction/`)).toBe(true);
    await page.getByLabel('Login').fill(ADA.email);
    await page.getByLabel('Password').fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${rpUrl}/auth/oidc/callback?**`);
    const text = await page.locator('body').innerText();
    await screenshot(page, 'oidc-provider-signed-in');
    expect(text).toBe(`signed in: ${JSON.stringify({ issuer: provider.issuer, subject: ADA.sub, email: ADA.email, emailVerified: true, name: ADA.name })} next: /traces`);
    expect(problems).toEqual([]);
    // Signed in at the provider now: a second sign-in from the same browser needs no form.
    await page.goto(`${rpUrl}/login`);
    await page.waitForURL(`${rpUrl}/auth/oidc/callback?**`);
    expect(await page.locator('body').innerText()).toMatch(/^signed in: .*"subject":"ada-1"/);
    await page.close();
  });

  it('shows the form again on a wrong password, and answers a cancel with access_denied', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${rpUrl}/login`);
    await page.getByLabel('Login').fill(ADA.email);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong login or password.');
    expect(page.url().startsWith(provider.issuer)).toBe(true);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${rpUrl}/auth/oidc/callback?**`);
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    expect(await page.locator('body').innerText()).toMatch(/^refused \(denied\): The identity provider did not sign you in: access_denied/);
    await page.close();
  });
});
