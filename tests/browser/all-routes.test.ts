import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, watchCsp, watchedPage } from '@/tests/helpers/browser';
import { startScenario, type Scenario } from '@/tests/helpers/scenario';

/**
 * Every route of the UI (issue 6, point 1) over the fixture scenario, in the
 * light and the dark theme: it renders its content, logs no console error,
 * opens no dialog; the embeds render without the navigation. Plus the links
 * that last (point 6): the traces list keeps its time range in the URL, and
 * "Copy link" freezes a relative range into absolute times. And the
 * Content-Security-Policy (issue 12, point 8): every route runs under it with
 * no violation (watchedPage reports them), its scripts carry the request's
 * nonce, and the inline theme script runs before any other.
 */

let scenario: Scenario;
let browser: Browser;

beforeAll(async () => {
  scenario = await startScenario();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await scenario?.baton.stop();
  scenario?.baton.cleanup();
});

function routes(): { name: string; path: string; embed: boolean; shows: RegExp }[] {
  const { droppedFact, contradicted } = scenario;
  const traceId = droppedFact.traceId;
  const handoff = encodeURIComponent(droppedFact.handoffId);
  return [
    { name: 'overview', path: '/', embed: false, shows: /Drift rate/ },
    { name: 'sessions', path: '/sessions', embed: false, shows: new RegExp(contradicted.sessionId) },
    { name: 'session', path: `/sessions/${encodeURIComponent(contradicted.sessionId)}`, embed: false, shows: /Fact ledger/ },
    { name: 'traces', path: '/traces', embed: false, shows: /Traces/ },
    { name: 'trace', path: `/traces/${traceId}`, embed: false, shows: /invoke_agent/ },
    { name: 'trace-handoff', path: `/traces/${traceId}?handoff=${handoff}`, embed: false, shows: new RegExp(droppedFact.key.replace('.', '\\.')) },
    { name: 'handoffs', path: '/handoffs', embed: false, shows: /Handoffs/ },
    { name: 'agents', path: '/agents', embed: false, shows: /triage|planner|intake/ },
    { name: 'audit', path: '/audit', embed: false, shows: /Nothing recorded in this time range/ },
    { name: 'tokens-and-keys', path: '/settings/access', embed: false, shows: /No ingest keys yet/ },
    { name: 'share-links', path: '/settings/links', embed: false, shows: /No share links yet/ },
    { name: 'embed-chain', path: `/embed/traces/${traceId}/chain`, embed: true, shows: /Open in Baton/ },
    { name: 'embed-handoff', path: `/embed/handoffs/${handoff}`, embed: true, shows: new RegExp(droppedFact.key.replace('.', '\\.')) },
    { name: 'embed-consistency', path: `/embed/sessions/${encodeURIComponent(contradicted.sessionId)}/consistency`, embed: true, shows: /Open in Baton/ },
    { name: 'embed-metric', path: '/embed/metrics?metric=drift_rate', embed: true, shows: /Open in Baton/ },
  ];
}

describe('every route', () => {
  it.each(['light', 'dark'] as const)('renders with no console errors in the %s theme', async (theme) => {
    for (const route of routes()) {
      const { page, problems } = await watchedPage(browser);
      await page.addInitScript((t) => localStorage.setItem('baton-theme', t), theme);
      const path = route.embed ? `${route.path}${route.path.includes('?') ? '&' : '?'}theme=${theme}` : route.path;
      await page.goto(`${scenario.baton.uiUrl}${path}`);
      await page.getByText(route.shows).first().waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark')), `${route.name} theme`).toBe(theme === 'dark');
      expect(await page.locator('nav[aria-label="Main"]').count(), `${route.name} navigation`).toBe(route.embed ? 0 : 1);
      await screenshot(page, `route-${route.name}-${theme}`);
      expect(problems, `${route.name}: ${problems.join('\n')}`).toEqual([]);
      await page.close();
    }
  }, 180_000);
});

describe('at 390 px (issue 13, point 9)', () => {
  it('no route scrolls sideways, and the sections fold into a menu', async () => {
    const wide: string[] = [];
    for (const route of routes()) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${scenario.baton.uiUrl}${route.path}`);
      await page.getByText(route.shows).filter({ visible: true }).first().waitFor({ timeout: 20_000 });
      // Charts and lists settle their size after the first paint.
      await page.waitForTimeout(500);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) {
        // What reaches past the screen: the element at the page's right edge, and the outermost ones past 390 px.
        const culprits = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((e) => {
              const right = e.getBoundingClientRect().right;
              return Math.abs(right - document.documentElement.scrollWidth) < 3 || (right > 392 && (e.parentElement?.getBoundingClientRect().right ?? 0) <= 392);
            })
            .slice(0, 10)
            .map((e) => `${e.tagName.toLowerCase()}.${String(e.getAttribute('class') ?? '').slice(0, 60)} r=${Math.round(e.getBoundingClientRect().right)}`),
        );
        wide.push(`${route.name}: ${width}px ${culprits.join(' | ')}`);
      }
      if (!route.embed) expect(await page.getByRole('navigation', { name: 'Main' }).isVisible(), route.name).toBe(false);
      // The header is the same on every page: its menu is opened once.
      if (route.name === 'overview') {
        await page.getByRole('button', { name: 'Open the menu' }).click();
        expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Handoffs' }).isVisible(), route.name).toBe(true);
      }
      await screenshot(page, `route-${route.name}-phone`);
      await page.close();
    }
    expect(wide).toEqual([]);
  }, 180_000);
});

describe('links that last', () => {
  it('keeps the traces list time range in the URL and copies a link with absolute times', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: scenario.baton.uiUrl });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${scenario.baton.uiUrl}/traces`);
    await page.getByRole('button', { name: /^Time range: Last 24 hours/ }).click();
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.waitForURL(/from=now-7d&to=now/);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Copied').waitFor();
    const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied.pathname).toBe('/traces');
    const from = Number(copied.searchParams.get('from'));
    const to = Number(copied.searchParams.get('to'));
    expect(to - from).toBe(7 * 86_400_000);
    expect(Math.abs(to - Date.now())).toBeLessThan(60_000);
    // The frozen link opens on the same absolute range.
    await page.goto(copied.toString());
    await page.getByRole('button', { name: /^Time range: \d{4}-\d{2}-\d{2} \d{2}:\d{2} → / }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('content security policy', () => {
  it('blocks an injected inline handler (the usual XSS), and the watcher reports it', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${scenario.baton.uiUrl}/traces`);
    await page.getByText(/Traces/).first().waitFor();
    // Markup that made it into the page: its handler is inline script, which the policy refuses.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="/nothing-here.png" onerror="window.__injected = true">'));
    await expect.poll(() => problems.join('\n')).toMatch(/csp violation: script-src-attr blocked inline/);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    await page.close();
  });

  it('runs the inline theme script on its own: the dark class is set with every other script blocked', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    await watchCsp(page, problems);
    await page.addInitScript(() => localStorage.setItem('baton-theme', 'dark'));
    // No Next.js chunk loads, so React never hydrates and ThemeToggle never runs: only the inline script can set the class.
    await page.route(/\/_next\/static\/.*\.js$/, (route) => route.abort());
    for (const path of ['/', `/traces/${scenario.droppedFact.traceId}`, '/embed/metrics?metric=spans']) {
      await page.goto(`${scenario.baton.uiUrl}${path}`);
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark')), path).toBe(true);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it("gives every script the request's nonce, a new one on each load", async () => {
    const page = await browser.newPage();
    const nonces: string[] = [];
    for (const path of ['/', '/']) {
      const res = await page.goto(`${scenario.baton.uiUrl}${path}`);
      const header = /'nonce-([^']+)'/.exec((await res?.allHeaders())?.['content-security-policy'] ?? '')?.[1];
      await page.getByText(/Drift rate/).first().waitFor();
      const scripts = await page.evaluate(() => [...document.scripts].map((s) => ({ src: s.src, nonce: s.nonce })));
      expect(scripts.length).toBeGreaterThan(1);
      for (const script of scripts) expect(script.nonce, script.src || 'inline script').toBe(header);
      nonces.push(header ?? '');
    }
    expect(nonces[0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonces[0]).not.toBe(nonces[1]);
    await page.close();
  });
});
