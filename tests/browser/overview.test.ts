import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFINITIONS } from '@/lib/definitions';
import type { SessionDetail, SessionList } from '@/lib/schemas/sessions';
import { scoreBand } from '@/lib/score-scale';
import { launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { startScenario, type Scenario } from '@/tests/helpers/scenario';

/**
 * The built UI in Chromium over the fixture scenario (24 simulated sessions in
 * the last 20 hours): the overview's figures and charts and their links, the
 * handoffs explorer, the agents page and the metrics embed, in light and dark.
 */

let scenario: Scenario;
let browser: Browser;
let url: string;

beforeAll(async () => {
  scenario = await startScenario();
  url = scenario.baton.uiUrl;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await scenario?.baton.stop();
  scenario?.baton.cleanup();
});

/** A page in the dark theme (the viewer's choice, remembered in localStorage). */
async function darkPage(): Promise<{ page: Page; problems: string[] }> {
  const watched = await watchedPage(browser);
  await watched.page.addInitScript(() => localStorage.setItem('baton-theme', 'dark'));
  return watched;
}

/** Runs of each agent in the plan (its agent spans): the ground truth the agents page must show. */
function plannedRuns(): Map<string, number> {
  const runs = new Map<string, number>();
  for (const t of scenario.plan.traces) {
    for (const s of t.spans) {
      const agent = s.attributes['gen_ai.agent.name'];
      if (s.attributes['gen_ai.operation.name'] === 'invoke_agent' && typeof agent === 'string') runs.set(agent, (runs.get(agent) ?? 0) + 1);
    }
  }
  return runs;
}

const marks = (page: Page, panel: string, selector: string) => page.getByRole('region', { name: panel }).locator(selector);

describe('overview', () => {
  it('shows the headline figures and every chart with data', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/`);
    const figures = page.getByRole('definition').getByRole('link');
    await page.getByRole('link', { name: `Sessions: ${scenario.plan.sessions.length}, active in this range` }).waitFor();
    expect(await figures.count()).toBe(5);
    for (const name of [/^Spans: \d[\d,]*, /, /^Handoffs: \d+, /, /^Drift rate: \d+%, /, /^Mean consistency: \d+, /]) {
      await page.getByRole('link', { name }).waitFor();
    }
    await marks(page, 'Spans', '.recharts-bar-rectangle').first().waitFor();
    await marks(page, 'Sessions started', '.recharts-bar-rectangle').first().waitFor();
    await marks(page, 'Drift rate', '.recharts-line-dot').first().waitFor();
    await marks(page, 'Consistency score distribution', '.recharts-bar-rectangle').first().waitFor();
    expect(await marks(page, 'Sessions started', '.recharts-bar-rectangle').count()).toBeGreaterThan(3);
    await page.getByRole('region', { name: 'Drift by impact' }).getByRole('listitem').first().waitFor();
    await page.getByRole('region', { name: 'Latest critical handoffs' }).getByRole('listitem').first().waitFor();
    await screenshot(page, 'overview-light');
    expect(problems).toEqual([]);
  });

  it('looks right in the dark theme', async () => {
    const { page, problems } = await darkPage();
    await page.goto(`${url}/`);
    await marks(page, 'Spans', '.recharts-bar-rectangle').first().waitFor();
    await page.getByRole('region', { name: 'Latest critical handoffs' }).getByRole('listitem').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await screenshot(page, 'overview-dark');
    expect(problems).toEqual([]);
  });

  it('opens the handoffs behind the drift chart with the time range kept', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/?from=now-7d&to=now`);
    await page.getByRole('region', { name: 'Drift rate' }).getByRole('link', { name: /Critical/ }).click();
    await page.waitForURL(/\/handoffs\?/);
    const params = new URL(page.url()).searchParams;
    expect([params.get('from'), params.get('to'), params.get('severity')]).toEqual(['now-7d', 'now', 'critical']);
    await page.getByRole('table', { name: 'Handoffs' }).getByRole('row').nth(1).waitFor();
    expect(await page.getByRole('button', { name: /Time range: Last 7 days/ }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('links the score distribution to the sessions of each band, with the time range', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/?from=now-7d&to=now`);
    const band = page.getByRole('region', { name: 'Consistency score distribution' }).getByRole('link', { name: /80–100/ });
    const href = new URL((await band.getAttribute('href')) ?? '', url);
    expect(href.pathname).toBe('/sessions');
    expect(Object.fromEntries(href.searchParams)).toEqual({ from: 'now-7d', to: 'now', minScore: '80', maxScore: '100' });
    expect(problems).toEqual([]);
  });

  it('reads every score on one scale, says what each figure is, and never shows a session with a critical handoff as consistent', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/?from=now-7d&to=now`);
    // Each headline figure carries its definition (docs/analysis.md, "Reading the numbers").
    const drift = page.getByRole('link', { name: /^Drift rate: / });
    expect(await drift.getAttribute('title')).toBe(DEFINITIONS.driftRate);
    const mean = page.getByRole('link', { name: /^Mean consistency: \d+, / });
    expect(await mean.getAttribute('title')).toBe(DEFINITIONS.meanScore);
    const meanValue = Number(await mean.textContent());
    // The mean is coloured by its own band, as the same number is anywhere else.
    expect(await mean.locator('xpath=..').getAttribute('data-band')).toBe(scoreBand(meanValue));

    // The sessions list colours each score by the same bands.
    await page.goto(`${url}/sessions?from=now-7d&to=now`);
    const bars = page.locator('[data-band][title^="Consistency "]');
    await bars.first().waitFor();
    const shown = await bars.evaluateAll((els) => els.map((e) => [Number(e.textContent), e.getAttribute('data-band')] as const));
    expect(shown.length).toBeGreaterThan(0);
    for (const [score, band] of shown) expect(band, `score ${score}`).toBe(scoreBand(score));

    // A session with a complete critical handoff scores below the consistent band, with the cap said on its page.
    const list = await scenario.baton.api<SessionList>(`/api/v1/sessions?from=${Date.now() - 7 * 86_400_000}&limit=100`);
    expect(list.status).toBe(200);
    let critical = 0;
    for (const s of list.body.sessions) {
      const { body } = await scenario.baton.api<SessionDetail>(`/api/v1/sessions/${encodeURIComponent(s.sessionId)}`);
      if (body.metrics.criticalHandoffs === 0) continue;
      critical++;
      expect(body.metrics.score, s.sessionId).toBeLessThan(80);
      if (critical === 1) {
        await page.goto(`${url}/sessions/${encodeURIComponent(s.sessionId)}`);
        await page.getByTestId('score-cap').waitFor();
        expect(await page.getByTestId('score-cap').textContent()).toMatch(/^Capped at \d+: \d+ critical/);
        expect(await page.getByLabel(/^Consistency score \d+ out of 100, (drifting|inconsistent)$/).count()).toBe(1);
        await page.getByLabel('What the consistency score means').click();
        await page.getByRole('note').getByText(DEFINITIONS.fidelity).waitFor();
        await screenshot(page, 'session-score-capped');
      }
    }
    expect(critical).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('ranks the drift by impact: by agent pair and key, critical first, each opening those handoffs', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/?from=now-7d&to=now`);
    const items = page.getByRole('region', { name: 'Drift by impact' }).getByRole('link', { name: / ×\d+$/ });
    await items.first().waitFor();
    const lines = await items.evaluateAll((els) => els.map((e) => [e.getAttribute('aria-label') ?? '', e.getAttribute('href') ?? ''] as const));
    const severities = lines.map(([, href]) => new URL(href, 'http://x').searchParams.get('severity'));
    // Worst first: no critical line after a warning or info one.
    const rank = { critical: 3, warning: 2, info: 1 } as Record<string, number>;
    for (let i = 1; i < severities.length; i++) expect(rank[severities[i]!]!).toBeLessThanOrEqual(rank[severities[i - 1]!]!);
    expect(severities[0]).toBe('critical');
    const [line, href] = lines[0]!;
    expect(line).toMatch(/^.+ → .+ (broke the contract on|dropped the constraint) .+ ×\d+$/);
    await items.first().click();
    await page.waitForURL(/\/handoffs\?/);
    const params = new URL(page.url()).searchParams;
    expect(params.get('severity')).toBe('critical');
    expect(page.url()).toContain(href.split('?')[1]!);
    await page.getByRole('table', { name: 'Handoffs' }).getByRole('row').nth(1).waitFor();
    expect(problems).toEqual([]);
  });

  it('fits the impact list in its panel on a phone', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/?from=now-7d&to=now`);
    const impact = page.getByRole('region', { name: 'Drift by impact' });
    await impact.getByRole('listitem').first().waitFor();
    await impact.scrollIntoViewIfNeeded();
    await screenshot(page, 'overview-impact-phone');
    // Long keys are cut short inside the panel, never pushing it wider (the page's own width is the header's business).
    expect(await impact.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    const line = impact.getByRole('link').first();
    expect(await line.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('opens the traces of a chart bucket with that bucket as an absolute range', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/`);
    const bar = marks(page, 'Spans', '.recharts-bar-rectangle').first();
    await bar.waitFor();
    await bar.click();
    await page.waitForURL(/\/traces\?from=\d+&to=\d+$/);
    const params = new URL(page.url()).searchParams;
    expect(Number(params.get('to')) - Number(params.get('from'))).toBe(30 * 60_000 - 1); // a 30-minute bucket of the last 24 hours
    expect(problems).toEqual([]);
  });
});

describe('empty ranges', () => {
  // A day long before the scenario: nothing was sent then.
  const EMPTY = `from=${Date.parse('2026-01-01T00:00:00Z')}&to=${Date.parse('2026-01-02T00:00:00Z')}`;

  it('says where the data is when the chosen range holds none, and shows that range with one button', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/?${EMPTY}`);
    await page.getByText('No telemetry in this time range').waitFor();
    // The scenario's sessions are in the last 20 hours.
    await page.getByRole('status').getByText(/Baton holds telemetry from .+ to .+, outside this range/).waitFor();
    await screenshot(page, 'overview-empty');
    await page.getByRole('button', { name: 'Show the last day' }).click();
    await page.waitForURL(/from=now-1d&to=now/);
    await marks(page, 'Spans', '.recharts-bar-rectangle').first().waitFor();
    expect(problems).toEqual([]);
  });

  it('says so on the handoffs and agents pages', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/handoffs?${EMPTY}`);
    await page.getByText('No handoffs in this time range').waitFor();
    await page.goto(`${url}/handoffs?${EMPTY}&severity=critical`);
    await page.getByText('No handoffs match these filters').waitFor();
    await page.goto(`${url}/agents?${EMPTY}`);
    await page.getByText('No agents in this time range').waitFor();
    expect(problems).toEqual([]);
  });
});

describe('handoffs explorer', () => {
  it('filters by severity through the URL and opens a handoff on its trace', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/handoffs?severity=critical`);
    const rows = page.getByRole('table', { name: 'Handoffs' }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await page.getByRole('radio', { name: 'Critical' }).getAttribute('aria-checked')).toBe('true');
    const badges = await rows.locator('td:nth-child(3)').allInnerTexts();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges)).toEqual(new Set(['critical']));
    await screenshot(page, 'handoffs-light');
    await rows.first().click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}\?handoff=.+/);
    expect(problems).toEqual([]);
  });

  it('is operable with the keyboard: the severity filter', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/handoffs`);
    await page.getByRole('table', { name: 'Handoffs' }).locator('tbody tr').first().waitFor();
    // Radix moves the focus on the next tick after an arrow key: wait for it, as a person's next key would.
    const focusOn = (label: string) => page.waitForFunction((l) => document.activeElement?.textContent === l, label);
    await page.getByRole('radio', { name: 'All' }).focus();
    await page.keyboard.press('ArrowRight');
    await focusOn('Critical');
    await page.keyboard.press('Space');
    await page.waitForURL(/severity=critical/);
    await page.getByRole('radio', { name: 'Critical', checked: true }).waitFor();
    await page.keyboard.press('ArrowRight');
    await focusOn('Warning');
    await page.keyboard.press('Enter');
    await page.waitForURL(/severity=warning/);
    expect(await page.getByRole('radio', { name: 'Warning' }).getAttribute('aria-checked')).toBe('true');
    // Tab leaves the group for the agent filters.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('From agent');
    expect(problems).toEqual([]);
  });

  it('filters by agent pair and looks right in the dark theme', async () => {
    const { page, problems } = await darkPage();
    await page.goto(`${url}/handoffs`);
    await page.getByLabel('From agent').fill('triage');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/fromAgent=triage/);
    const rows = page.getByRole('table', { name: 'Handoffs' }).locator('tbody tr');
    await rows.first().waitFor();
    // The previous rows stay on screen until the filtered page arrives.
    await expect.poll(async () => (await rows.locator('td:nth-child(2)').allInnerTexts()).every((text) => /^triage\s*→/.test(text)), { timeout: 15_000 }).toBe(true);
    await screenshot(page, 'handoffs-dark');
    expect(problems).toEqual([]);
  });
});

describe('agents page', () => {
  it('lists every agent of the scenario with its runs, and sorts in the URL', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/agents`);
    const table = page.getByRole('table', { name: 'Agents' });
    await table.locator('tbody tr').first().waitFor();
    const shown = new Map(
      (await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.children[0]?.textContent ?? '', Number(tr.children[1]?.textContent)] as const))),
    );
    expect(shown).toEqual(plannedRuns());
    await page.getByRole('table', { name: 'Agent pairs' }).locator('tbody tr').first().waitFor();
    await screenshot(page, 'agents-light');
    await table.getByRole('button', { name: 'p95' }).click();
    await page.waitForURL(/sort=p95&dir=desc/);
    expect(await table.locator('th[aria-sort="descending"]').innerText()).toMatch(/p95/i);
    expect(problems).toEqual([]);
  });

  it('links an agent to its handoffs and traces, and looks right in the dark theme', async () => {
    const { page, problems } = await darkPage();
    await page.goto(`${url}/agents?from=now-7d&to=now`);
    const triage = page.getByRole('table', { name: 'Agents' }).getByRole('link', { name: 'triage', exact: true });
    expect(new URL((await triage.getAttribute('href')) ?? '', url).search).toBe('?from=now-7d&to=now&agent=triage');
    await page.getByRole('link', { name: /handoffs sent by triage/ }).click();
    await page.waitForURL(/\/handoffs\?from=now-7d&to=now&fromAgent=triage$/);
    await page.goBack();
    await page.getByRole('table', { name: 'Agent pairs' }).locator('tbody tr').first().waitFor();
    await screenshot(page, 'agents-dark');
    expect(problems).toEqual([]);
  });
});

describe('metrics embed', () => {
  it('renders one chart without the header, with a link to Baton in a new tab', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/embed/metrics?metric=spans&groupBy=agent&from=now-24h&to=now`);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    expect(await page.getByRole('banner').count()).toBe(0);
    const open = page.getByRole('link', { name: 'Open in Baton' });
    expect(await open.getAttribute('target')).toBe('_blank');
    expect(await open.getAttribute('rel')).toBe('noopener');
    expect(await open.getAttribute('href')).toBe('/traces?from=now-24h&to=now');
    await screenshot(page, 'embed-metrics-light');
    expect(problems).toEqual([]);
  });

  it('follows ?theme=dark', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/embed/metrics?metric=drift_rate&theme=dark`);
    await page.locator('.recharts-line-dot').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await screenshot(page, 'embed-metrics-dark');
    expect(problems).toEqual([]);
  });

  it('says so when the metric is unknown', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/embed/metrics?metric=latency`);
    const alert = page.getByRole('alert').filter({ hasText: 'Unknown metric' });
    await alert.getByText('Unknown metric “latency”').waitFor();
    expect(await alert.innerText()).toContain('spans, errors, handoffs, drift_rate, fidelity, consistency, sessions');
    await screenshot(page, 'embed-metrics-unknown');
    expect(problems).toEqual([]);
  });
});
