import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * The edges of the UI (issue 13, point 11) on a Baton that has received
 * nothing: empty states that give this instance's own OTLP address, unknown
 * ids and addresses answered with status 404 inside the app's layout (with
 * its navigation), and the static assets of public/.
 */

let baton: BatonProcess;
let browser: Browser;

beforeAll(async () => {
  baton = await startBaton();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await baton?.stop();
  baton?.cleanup();
});

/** 404s are the expected answers here, not page errors. */
const besides404 = (problems: string[]) => problems.filter((p) => !p.includes('404'));

describe('the edges', () => {
  it('give this instance’s own OTLP address in the empty states', async () => {
    const otlp = baton.otlpUrl;
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/`);
    await expect.poll(() => page.getByTestId('otlp-endpoint').innerText(), { timeout: 15_000 }).toBe(`OTEL_EXPORTER_OTLP_ENDPOINT=${otlp}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`);
    expect(await page.locator('body').innerText()).toMatch(/OTLP\/gRPC \(a Collector's default\): http:\/\/127\.0\.0\.1:\d+/);
    await screenshot(page, 'overview-empty');
    await page.goto(`${baton.uiUrl}/traces`);
    await expect.poll(() => page.getByTestId('otlp-endpoint').innerText(), { timeout: 15_000 }).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=${otlp}`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each([
    ['an unknown trace', `/traces/${'e'.repeat(32)}`, /Trace not found[\s\S]*e{32}/],
    ['a malformed trace id', '/traces/not-a-trace', /Trace not found[\s\S]*not-a-trace/],
    ['an unknown session', '/sessions/no%20such%20session', /Session not found[\s\S]*no such session[\s\S]*Browse sessions/],
    ['an unknown address', '/no/such/page', /Page not found/],
  ])('answer %s with 404 inside the layout, with the ways on', async (_what, path, text) => {
    const { page, problems } = await watchedPage(browser);
    const res = await page.goto(`${baton.uiUrl}${path}`);
    expect(res?.status()).toBe(404);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toMatch(text);
    // The app's header (its navigation) and the ways on are there.
    expect(await page.locator('header').getByRole('link', { name: 'Traces' }).count()).toBeGreaterThan(0);
    for (const name of ['Overview', 'Traces', 'Sessions', 'Handoffs']) expect(await page.getByRole('navigation', { name: 'Ways on' }).getByRole('link', { name }).count()).toBe(1);
    if (path === '/no/such/page') await screenshot(page, 'not-found');
    expect(besides404(problems)).toEqual([]);
    await page.context().close();
  });

  it('serve public/: icons, the social preview, robots.txt', async () => {
    for (const [path, type] of [
      ['/og.png', 'image/png'],
      ['/apple-touch-icon.png', 'image/png'],
      ['/icon-512.png', 'image/png'],
      ['/robots.txt', 'text/plain'],
    ] as const) {
      const res = await fetch(`${baton.uiUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain(type);
    }
    const png = Buffer.from(await (await fetch(`${baton.uiUrl}/og.png`)).arrayBuffer());
    // PNG header: the width and height (1200×630) at bytes 16–23.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expect(await (await fetch(`${baton.uiUrl}/robots.txt`)).text()).toContain('Disallow: /');
    const html = await (await fetch(`${baton.uiUrl}/traces`)).text();
    // Without BATON_PUBLIC_URL there is no absolute address for a preview image (tests/integration/hosts-and-headers.test.ts has one).
    expect(html).toContain('<meta property="og:title" content="Baton"/>');
    expect(html).not.toContain('og:image');
    expect(html).toMatch(/<link rel="apple-touch-icon" href="\/apple-touch-icon\.png"/);
  });
});
