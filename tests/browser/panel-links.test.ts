import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsResponse } from '@/lib/schemas/metrics';
import type { ShareLinkView } from '@/lib/schemas/share-links';
import { launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { eventually } from '@/tests/helpers/eventually';
import { otelHarness, within } from '@/tests/helpers/otel';
import type { Server } from 'node:http';
import type { BatonProcess } from '@/tests/helpers/server';
import { startTeam, wiki, type Team } from '@/tests/helpers/team';

/**
 * Share links and embeds of a metric panel (issue 12, points 4 and 5) on the
 * real server: made by editors from the overview's charts, frozen (the series
 * kept as they were) or live (a rolling window), one project only, nothing
 * else reachable with the token, embedded in a wiki page by readers who are
 * not signed in.
 */

let team: Team;
let baton: BatonProcess;
let browser: Browser;
let editor: string;
let viewer: string;
let admin: string;
let wikiServer: Server;
let call: Team['call'];
const HOUR = 3_600_000;

/** `count` traces of two spans each, in a project. */
async function emit(project: string, count: number): Promise<void> {
  const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'panel-agents', undefined, { resource: { 'baton.project': project } });
  for (let i = 0; i < count; i++) {
    within(otel.tracer, undefined, 'invoke_agent planner', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'session.id': `${project}-${i}` }, (root) => {
      within(otel.tracer, root, 'invoke_agent writer', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'writer' }, () => undefined);
    });
  }
  await otel.flush();
  await otel.shutdown();
}

const total = (m: MetricsResponse) => m.series.reduce((n, s) => n + s.points.reduce((k, p) => k + p.v, 0), 0);

async function panelLink(cookie: string, target: string, extra: Record<string, unknown> = {}): Promise<{ status: number; link?: ShareLinkView; url?: string; error?: { message: string } }> {
  const res = await call('POST', '/api/v1/share-links', cookie, { resource: 'panel', target, ...extra });
  return { status: res.status, ...(await res.json()) };
}

const withToken = (url: string) => ({ 'x-baton-share': url.slice(3) });

beforeAll(async () => {
  team = await startTeam();
  ({ baton, admin, editor, viewer, call } = team);
  await emit('default', 3);
  await emit('other', 5);
  await eventually('the spans of both projects', 30_000, async () => {
    const r = await call('GET', `/api/v1/metrics?metric=spans&from=${Date.now() - HOUR}&to=${Date.now() + HOUR}&step=3600`, admin);
    return r.status === 200 && total((await r.json()) as MetricsResponse) === 16 ? true : undefined;
  });
  wikiServer = await wiki(team.wikiPort, 360);
  browser = await launchBrowser();
});
afterAll(async () => {
  wikiServer?.close();
  await browser?.close();
  await team?.stop();
});

describe('a metric panel’s share link', () => {
  it('is made by editors of one project, with clear refusals', async () => {
    const frozen = `metric=spans&from=${Date.now() - 2 * HOUR}&to=${Date.now() + HOUR}&step=1h`;
    expect((await panelLink(viewer, frozen)).status).toBe(403);
    const bad = await panelLink(editor, 'metric=latency&live=1h');
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toMatch(/metric must be one of/);
    // A project the editor cannot see answers as one that does not exist.
    expect((await panelLink(editor, frozen, { project: 'other' })).status).toBe(404);
    // An admin of every project says which one: a panel shows one.
    const ambiguous = await panelLink(admin, frozen);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.error?.message).toMatch(/project is required.*default, other/);
    const made = await panelLink(admin, frozen, { project: 'other' });
    expect(made.link).toMatchObject({ resource: 'panel', project: 'other', redact: 'none', state: 'active' });
    expect(made.link!.target).toMatch(/^metric=spans&step=3600&from=\d+&to=\d+$/);
    expect(total((await (await call('GET', '/api/v1/metrics?metric=spans', undefined, undefined, withToken(made.url!))).json()) as MetricsResponse)).toBe(10);
  });

  it('answers its own panel whatever the query asks, frozen as it was made, and nothing else', async () => {
    const from = Date.now() - 2 * HOUR;
    const to = Date.now() + HOUR;
    const made = await panelLink(editor, `metric=spans&from=${from}&to=${to}&step=3600`);
    expect(made.status).toBe(200);
    expect(made.link).toMatchObject({ project: 'default', from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    const live = await panelLink(editor, 'metric=spans&live=6h&step=600');
    expect(live.link!.target).toBe('metric=spans&step=600&live=21600');

    const asEditor = (await (await call('GET', `/api/v1/metrics?metric=spans&from=${from}&to=${to}&step=3600`, editor)).json()) as MetricsResponse;
    const shared = async (url: string, query = 'metric=errors&groupBy=agent&from=0&to=1') => {
      const r = await call('GET', `/api/v1/metrics?${query}`, undefined, undefined, withToken(url));
      expect(r.status).toBe(200);
      return (await r.json()) as MetricsResponse;
    };
    // The editor's own chart of project "default", not the other project's spans, whatever the token's caller asked for.
    expect(await shared(made.url!)).toEqual(asEditor);
    expect(total(asEditor)).toBe(6);
    expect(total(await shared(live.url!))).toBe(6);
    for (const path of ['/api/v1/stats', '/api/v1/traces', '/api/v1/sessions', '/api/v1/handoffs', '/api/v1/share-links']) {
      expect((await call('GET', path, undefined, undefined, withToken(made.url!))).status, path).toBe(403);
    }

    // Spans that arrive later show in the live panel; the frozen one keeps what it showed.
    await emit('default', 2);
    await eventually('the live panel to follow', 30_000, async () => (total(await shared(live.url!)) === 10 ? true : undefined));
    expect(await shared(made.url!)).toEqual(asEditor);

    expect((await call('DELETE', `/api/v1/share-links/${made.link!.id}`, editor)).status).toBe(200);
    expect((await call('GET', '/api/v1/metrics?metric=spans', undefined, undefined, withToken(made.url!))).status).toBe(401);
    const { entries } = (await (await call('GET', '/api/v1/audit?limit=1000', admin)).json()) as { entries: { action: string; target: string }[] };
    expect(entries.filter((e) => e.action === 'share.create' && e.target.startsWith('panel metric=spans&'))).toHaveLength(3);
  });

  it('is made from the overview’s chart, opens without sign-in, and embeds in a wiki page', async () => {
    const { page, problems } = await watchedPage(browser);
    const [name, ...value] = editor.split('=');
    await page.context().addCookies([{ name: name!, value: value.join('='), url: baton.uiUrl }]);
    await page.goto(`${baton.uiUrl}/?from=now-6h&to=now`);
    const spans = page.getByRole('region', { name: 'Spans', exact: true });
    await spans.getByRole('button', { name: 'Share' }).click();
    const form = spans.getByRole('form', { name: 'Share this panel' });
    await form.getByRole('combobox', { name: 'Range' }).selectOption('live');
    await form.getByRole('button', { name: 'Create link' }).click();
    const url = await form.getByTestId('share-url').inputValue({ timeout: 15_000 });
    expect(url).toMatch(/\/s\/[\w-]{43}$/);
    const snippet = await form.getByTestId('embed-snippet').inputValue();
    const src = /src="([^"]+)"/.exec(snippet)![1]!;
    expect(src).toMatch(/\/embed\/metrics\?theme=light&token=[\w-]{43}$/);
    expect(snippet).toMatch(/height="320"/);
    expect(problems).toEqual([]);
    await page.context().close();

    // The link, in a browser with no cookies.
    const opened = await watchedPage(browser);
    await opened.page.goto(url);
    await expect.poll(() => opened.page.locator('body').innerText(), { timeout: 15_000 }).toMatch(/Shared chart[\s\S]*Spans[\s\S]*live: the last 6 hours/);
    await opened.page.locator('figure[aria-label="Spans over time"]').waitFor({ timeout: 15_000 });
    await screenshot(opened.page, 'share-link-panel');
    expect(opened.problems).toEqual([]);
    await opened.page.context().close();

    // The embed, framed by a wiki page of an allowed origin, for readers who are not signed in.
    const framed = await watchedPage(browser);
    await framed.page.goto(`http://127.0.0.1:${team.wikiPort}/?src=${encodeURIComponent(src)}`);
    const panel = framed.page.frameLocator('#panel');
    await expect.poll(() => panel.locator('body').innerText(), { timeout: 15_000 }).toMatch(/Spans[\s\S]*live: the last 6 hours/);
    await panel.locator('figure[aria-label="Spans over time"]').waitFor({ timeout: 15_000 });
    await screenshot(framed.page, 'share-link-panel-embed');
    expect(framed.problems).toEqual([]);
    await framed.page.context().close();

    // The links page says what each link shows.
    const list = (await (await call('GET', '/api/v1/share-links', editor)).json()) as { links: ShareLinkView[] };
    expect(list.links.filter((l) => l.resource === 'panel' && l.project === 'default').length).toBeGreaterThanOrEqual(3);
  });

  it('is not offered to a viewer, who sees only their own project’s traces in the UI', async () => {
    const { traces } = (await (await call('GET', `/api/v1/traces?from=${Date.now() - HOUR}&limit=50`, admin)).json()) as { traces: { traceId: string; sessionId: string }[] };
    const outside = traces.find((t) => t.sessionId.startsWith('other-'))!;
    const inside = traces.find((t) => t.sessionId.startsWith('default-'))!;
    expect([outside, inside].every(Boolean)).toBe(true);
    const { page, problems } = await watchedPage(browser);
    const [name, ...value] = viewer.split('=');
    await page.context().addCookies([{ name: name!, value: value.join('='), url: baton.uiUrl }]);
    await page.goto(`${baton.uiUrl}/traces?from=now-6h&to=now`);
    await page.locator(`a[href="/traces/${inside.traceId}"]`).waitFor({ timeout: 15_000 });
    // Five traces of "default" (three, then two more); none of the five of "other".
    expect(await page.locator('main a[href^="/traces/"]').count()).toBe(5);
    expect(await page.locator(`a[href="/traces/${outside.traceId}"]`).count()).toBe(0);
    await page.goto(`${baton.uiUrl}/?from=now-6h&to=now`);
    await page.getByRole('region', { name: 'Spans', exact: true }).locator('figure').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Share' }).count()).toBe(0);
    const res = await page.goto(`${baton.uiUrl}/traces/${outside.traceId}`);
    expect(res?.status()).toBe(404);
    await page.getByText('Trace not found').waitFor();
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
    await page.context().close();
  });
});
