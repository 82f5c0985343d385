import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { otelHarness, within } from '@/tests/helpers/otel';
import { startScenario, type Scenario } from '@/tests/helpers/scenario';
import { recordSnapshot } from '@/tests/helpers/snapshots';
import type { SessionFactPage } from '@/lib/schemas/sessions';

/**
 * The sessions list, the session page and the consistency embed in Chromium,
 * over the fixture scenario (24 simulated sessions of 6 users in the last 20 hours).
 */

let scenario: Scenario;
let browser: Browser;
let url: string;

/** A session whose id (with a slash), user and facts carry markup: all of it must stay text. */
const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_SESSION = `team/a ${HOSTILE}`;

beforeAll(async () => {
  scenario = await startScenario();
  url = scenario.baton.uiUrl;
  const otel = otelHarness(scenario.baton.otlpUrl, 'http/protobuf', 'hostile-agents');
  const agent = (name: string) => ({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name, 'session.id': HOSTILE_SESSION, 'user.id': `u ${HOSTILE}` });
  within(otel.tracer, undefined, 'invoke_agent intake', agent('intake'), (span) => {
    recordSnapshot(span, { phase: 'checkpoint', facts: { note: HOSTILE, budget: 300 } });
    recordSnapshot(span, { phase: 'checkpoint', facts: { note: `<script>alert(2)</script>`, budget: 250 } });
  });
  await otel.flush();
  await otel.shutdown();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await scenario?.baton.stop();
  scenario?.baton.cleanup();
});

/** Every session stored: the scenario's and the hostile one, sent last. */
const allSessionIds = () => [...scenario.plan.sessions.map((s) => s.sessionId), HOSTILE_SESSION];
const sessionRows = (page: Page) => page.getByRole('table', { name: 'Sessions' }).locator('tbody tr');
const sessionPath = (id: string) => `/sessions/${encodeURIComponent(id)}`;

/** Waits until the charts have drawn their data: a retention line (flat at 100 % it has no height) and fidelity bars. */
async function chartsDrawn(page: Page) {
  const line = page.locator('.recharts-line-curve[d]').first();
  await line.waitFor({ state: 'attached' });
  expect((await line.boundingBox())?.width).toBeGreaterThan(50);
  await page.locator('.recharts-bar-rectangle path[d]').first().waitFor();
}

describe('sessions list', () => {
  it("shows the scenario's sessions, most recently active first, with their consistency", async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/sessions`);
    await expect.poll(() => sessionRows(page).count()).toBe(allSessionIds().length);
    const ids = await sessionRows(page).locator('td:first-child a').allTextContents();
    expect([...ids].sort()).toEqual(allSessionIds().sort());
    // Most recently active first: the session sent last, then the scenario's latest.
    const latest = [...scenario.plan.sessions].sort((a, b) => b.endMs - a.endMs)[0]!;
    expect(ids.slice(0, 2)).toEqual([HOSTILE_SESSION, latest.sessionId]);
    // The contradicted session shows its contradiction and a score below 100.
    const row = sessionRows(page).filter({ has: page.getByRole('link', { name: scenario.contradicted.sessionId, exact: true }) });
    expect(Number(await row.locator('td').nth(8).textContent())).toBeGreaterThan(0);
    expect(Number(await row.locator('td').nth(9).innerText().then((t) => t.trim()))).toBeLessThan(100);
    await page.getByRole('link', { name: 'Sessions', exact: true }).first().waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).getAttribute('aria-current')).toBe('page');
    await screenshot(page, 'sessions-list-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'sessions-list-dark');
    expect(problems).toEqual([]);
  });

  it('filters by user through the URL, and from the form', async () => {
    const { page, problems } = await watchedPage(browser);
    const user = scenario.plan.sessions.find((s) => s.sessionId === scenario.contradicted.sessionId)!.userId;
    const theirs = scenario.plan.sessions.filter((s) => s.userId === user).map((s) => s.sessionId);
    await page.goto(`${url}/sessions?user=${encodeURIComponent(user)}`);
    await sessionRows(page).first().waitFor();
    await expect.poll(() => sessionRows(page).count()).toBe(theirs.length);
    expect((await sessionRows(page).locator('td:nth-child(2)').allInnerTexts()).every((t) => t.trim() === user)).toBe(true);
    expect(await page.getByLabel('User').inputValue()).toBe(user);

    // Clearing and filtering again from the form writes the URL.
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForURL((u) => !u.searchParams.has('user'));
    await expect.poll(() => sessionRows(page).count()).toBe(allSessionIds().length);
    await page.getByLabel('User').fill(user);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((u) => u.searchParams.get('user') === user);
    await expect.poll(() => sessionRows(page).count()).toBe(theirs.length);
    expect(problems).toEqual([]);
  });

  it('changing the time range updates the URL, and an empty range says what to do', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/sessions`);
    await sessionRows(page).first().waitFor();
    await page.getByRole('button', { name: /Time range/ }).click();
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.waitForURL((u) => u.searchParams.get('from') === 'now-7d' && u.searchParams.get('to') === 'now');
    await expect.poll(() => sessionRows(page).count()).toBe(allSessionIds().length);

    // A range before the scenario: the empty state explains itself.
    const before = Math.min(...scenario.plan.sessions.map((s) => s.startMs)) - 3_600_000;
    await page.goto(`${url}/sessions?from=${before - 3_600_000}&to=${before}`);
    await page.getByText('No session in this range').waitFor();
    await page.getByText(/check that your spans carry a session id/).waitFor();
    expect(await page.getByRole('link', { name: 'OpenTelemetry session attributes' }).getAttribute('rel')).toContain('noopener');
    expect(problems).toEqual([]);
  });

  it('pages with "Load more" and keeps the loaded pages and the scroll position through a live refresh', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.setViewportSize({ width: 1400, height: 500 });
    // Pages of 10 instead of 50, so that the 25 sessions take three.
    await page.route('**/api/v1/sessions?*', (route) => {
      const asked = new URL(route.request().url());
      asked.searchParams.set('limit', '10');
      return route.continue({ url: asked.toString() });
    });
    await page.clock.install();
    await page.goto(`${url}/sessions`);
    await expect.poll(() => sessionRows(page).count()).toBe(10);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => sessionRows(page).count()).toBe(20);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    // Past the next refresh (10 s) and the relative range's next step (15 s): both pages are re-read in place.
    const reread = page.waitForResponse((r) => r.url().includes('/api/v1/sessions?') && r.url().includes('cursor='), { timeout: 20_000 });
    await page.clock.fastForward(16_000);
    await reread;
    await page.waitForTimeout(300);
    expect(await sessionRows(page).count()).toBe(20);
    expect(await page.getByText('Loading sessions…').count()).toBe(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => sessionRows(page).count()).toBe(allSessionIds().length);
    await page.getByText(`${allSessionIds().length} sessions in this range.`).waitFor();
    expect(problems).toEqual([]);
  });
});

describe('session page', () => {
  it('shows the cross-session contradiction with a link that opens its span on the trace page', async () => {
    const { page, problems } = await watchedPage(browser);
    const { sessionId, key } = scenario.contradicted;
    await page.goto(`${url}${sessionPath(sessionId)}`);
    await page.getByRole('heading', { name: sessionId }).waitFor();
    const item = page.getByRole('list', { name: 'Contradictions' }).getByRole('listitem').filter({ hasText: 'across sessions' }).filter({ has: page.getByText(key, { exact: true }) });
    await item.first().waitFor();
    // It names the previous session, which the header links too.
    const previous = await page.getByText('Previous session of this user:').getByRole('link').textContent();
    expect(previous).toBeTruthy();
    await item.first().getByRole('link', { name: previous! }).waitFor();
    await chartsDrawn(page);
    await screenshot(page, 'session-page-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'session-page-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    const open = item.first().getByRole('link', { name: new RegExp(`Open the span that set ${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
    const href = await open.getAttribute('href');
    expect(href).toMatch(/^\/traces\/[0-9a-f]{32}\?span=[0-9a-f]{16}$/);
    await open.click();
    await page.waitForURL((u) => `${u.pathname}${u.search}` === href);
    await page.getByRole('complementary', { name: 'Span details' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('draws its charts and turns, and highlights changes in the fact ledger', async () => {
    const { page, problems } = await watchedPage(browser);
    const { sessionId, key } = scenario.contradicted;
    await page.goto(`${url}${sessionPath(sessionId)}`);
    await chartsDrawn(page);
    const turns = scenario.plan.sessions.find((s) => s.sessionId === sessionId)!.traces.length;
    expect(await page.getByRole('list', { name: 'Turns' }).getByRole('link').count()).toBe(turns);
    expect(await page.locator('.recharts-scatter-symbol').count()).toBeGreaterThan(0);
    const fidelityBars = page.locator('.recharts-bar-rectangle path[d]');
    expect(await fidelityBars.count()).toBeGreaterThan(0);

    const ledger = page.getByRole('table', { name: 'Fact ledger' });
    const row = ledger.getByRole('row').filter({ has: page.getByRole('rowheader', { name: key, exact: true }) });
    await row.locator('[data-contradiction="cross-session"]').first().waitFor();
    expect(await row.locator('[data-contradiction="cross-session"]').first().innerText()).not.toBe('');
    // "Changed" keeps only the keys that moved, and says so in the URL.
    await page.getByRole('radio', { name: /^Changed/ }).click();
    await page.waitForURL(/facts=changed/);
    const keys = await ledger.getByRole('rowheader').allInnerTexts();
    expect(keys).toContain(key);
    expect(await ledger.locator('[data-change="changed"], [data-change="declared"], [data-contradiction]').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('opens a handoff diff from the fidelity chart', async () => {
    const { page, problems } = await watchedPage(browser);
    const { sessionId } = scenario.changedValue;
    await page.goto(`${url}${sessionPath(sessionId)}`);
    await chartsDrawn(page);
    await page.locator('.recharts-bar-rectangle path[d]').first().click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}\?handoff=/);
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
  });

  it('shows the first page of each list, loads more on request, and charts what is loaded', async () => {
    const { page, problems } = await watchedPage(browser);
    // The session with the most handoffs, its lists in pages of 2 instead of 50.
    const [sessionId, detail] = [...scenario.observed.sessions].sort(([, a], [, b]) => b.handoffs.length - a.handoffs.length)[0]!;
    const facts = (await scenario.baton.api<SessionFactPage>(`/api/v1/sessions/${encodeURIComponent(sessionId)}/facts?limit=200`)).body.facts.length;
    await page.route('**/api/v1/sessions/**', (route) => {
      const asked = new URL(route.request().url());
      asked.searchParams.set('limit', '2');
      return route.continue({ url: asked.toString() });
    });
    await page.goto(`${url}${sessionPath(sessionId)}`);
    await page.getByRole('heading', { name: sessionId }).waitFor();
    const turns = page.getByRole('list', { name: 'Turns' }).getByRole('link');
    const handoffRows = page.getByRole('table', { name: 'Handoffs' }).locator('tbody tr');
    const observations = page.getByRole('table', { name: 'Fact ledger' }).locator('td[data-change]');
    const contradictions = page.getByRole('list', { name: 'Contradictions' }).getByRole('listitem');
    const lists = [
      { what: 'turns', shown: turns, total: detail.traces.length },
      { what: 'handoffs', shown: handoffRows, total: detail.handoffs.length },
      { what: 'observations', shown: observations, total: facts },
      { what: 'contradictions', shown: contradictions, total: detail.contradictions.length },
    ];
    expect(detail.traces.length).toBeGreaterThan(2);
    expect(detail.handoffs.length).toBeGreaterThan(2);
    for (const list of lists) {
      await expect.poll(() => list.shown.count(), { message: list.what }).toBe(Math.min(2, list.total));
      const more = page.getByRole('button', { name: `Load more ${list.what}` });
      if (list.total <= 2) {
        expect(await more.count(), list.what).toBe(0);
        continue;
      }
      await more.click();
      await expect.poll(() => list.shown.count(), { message: list.what }).toBe(Math.min(4, list.total));
    }
    // The charts follow what is loaded, and say so while a list has more.
    const turnsNote = detail.traces.length > 4 ? `turns 1–4 of ${detail.traces.length}` : 'every turn';
    const handoffsNote = detail.handoffs.length > 4 ? `, 4 of ${detail.handoffs.length} handoffs` : '';
    expect(detail.traces.length > 4 || detail.handoffs.length > 4).toBe(true);
    await page.getByText(`The charts show what is loaded: ${turnsNote}${handoffsNote}.`).waitFor();
    expect(problems).toEqual([]);
  });

  it('says clearly when a session does not exist', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}${sessionPath('no-such-session')}`);
    await page.getByText('Session not found').waitFor();
    await page.getByText('no-such-session').waitFor();
    await page.getByRole('link', { name: 'Browse sessions' }).waitFor();
    // The API's 404 is the expected answer, not a page error.
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
  });

  it('renders hostile session ids, users and fact values as inert text', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/sessions?q=${encodeURIComponent('team/a')}`);
    const link = page.getByRole('link', { name: HOSTILE_SESSION, exact: true });
    await link.waitFor({ timeout: 10_000 });
    await link.click();
    await page.getByRole('heading', { name: HOSTILE_SESSION }).waitFor();
    const ledger = page.getByRole('table', { name: 'Fact ledger' });
    await ledger.getByText('<script>alert(2)</script>').waitFor();
    expect(await ledger.getByText(HOSTILE, { exact: true }).count()).toBe(1);
    await page.getByRole('list', { name: 'Contradictions' }).getByText('budget', { exact: true }).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe('consistency embed', () => {
  it('renders one panel without the header, in light and dark', async () => {
    const { page, problems } = await watchedPage(browser);
    const { sessionId } = scenario.contradicted;
    const embed = `${url}/embed/sessions/${encodeURIComponent(sessionId)}/consistency`;
    // The size of an iframe in a wiki page.
    await page.setViewportSize({ width: 760, height: 420 });
    await page.goto(embed);
    await chartsDrawn(page);
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('banner').filter({ hasText: 'Baton' }).count()).toBe(0);
    const open = page.getByRole('link', { name: 'Open in Baton' });
    expect(await open.getAttribute('target')).toBe('_blank');
    expect(await open.getAttribute('rel')).toContain('noopener');
    expect(await open.getAttribute('href')).toBe(sessionPath(sessionId));
    expect(await page.getByLabel(/Consistency score \d+ out of 100/).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false);
    await screenshot(page, 'session-embed-light');

    await page.goto(`${embed}?theme=dark`);
    await chartsDrawn(page);
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await screenshot(page, 'session-embed-dark');
    expect(problems).toEqual([]);
  });

  it('says so when the session does not exist', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/embed/sessions/no-such-session/consistency?theme=dark`);
    await page.getByText('Session not found').waitFor();
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
  });
});
