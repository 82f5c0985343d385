import type { Browser } from 'playwright-core';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareLinkView } from '@/lib/schemas/share-links';
import { launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { eventually } from '@/tests/helpers/eventually';
import { otelHarness, within } from '@/tests/helpers/otel';
import type { Server } from 'node:http';
import { freePort, type BatonProcess } from '@/tests/helpers/server';
import { startTeam, wiki, type Team } from '@/tests/helpers/team';

/**
 * Share links (issue 12, point 4) on the real server, opened in a fresh
 * Chromium context with no cookies: the one trace and nothing else, redacted
 * as the link says, views counted, revocation at once, and a clear page for
 * a link that does not work.
 */

const PROMPT = 'Refund customer C-42, card ending 4242, within budget';
let team: Team;
let baton: BatonProcess;
let browser: Browser;
let shared: string;
let sharedTurn2: string;
let other: string;
let editor: string;
let viewer: string;
let admin: string;
let wikiPort: number;
let call: Team['call'];
const wikis: Server[] = [];

function emit(tracer: import('@opentelemetry/api').Tracer, session: string): string {
  let traceId = '';
  within(tracer, undefined, 'invoke_agent triage', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'triage', 'session.id': session }, (root) => {
    traceId = root.spanContext().traceId;
    within(tracer, root, 'chat gpt-4o', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }]) }, () => undefined, SpanKind.CLIENT);
    within(tracer, root, 'invoke_agent billing', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'billing' }, (billing) => {
      billing.addEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'received', 'baton.snapshot.facts': JSON.stringify({ customer_id: 'C-42', budget: 300 }) });
    });
  });
  return traceId;
}

beforeAll(async () => {
  team = await startTeam();
  ({ baton, admin, editor, viewer, wikiPort, call } = team);
  const otel = otelHarness(baton.otlpUrl, 'http/protobuf');
  shared = emit(otel.tracer, 'share-session');
  sharedTurn2 = emit(otel.tracer, 'share-session');
  other = emit(otel.tracer, 'other-session');
  await otel.flush();
  await otel.shutdown();
  await eventually('the traces', 30_000, async () => ((await call('GET', `/api/v1/traces/${other}`, admin)).status === 200 ? true : undefined));
  await eventually('the session analysed', 60_000, async () => {
    const r = await call('GET', '/api/v1/sessions/share-session', admin);
    return r.status === 200 && ((await r.json()) as { analysisPending: boolean }).analysisPending === false ? true : undefined;
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const w of wikis) w.close();
  await browser?.close();
  await team?.stop();
});

async function makeLink(cookie: string, body: Record<string, unknown>): Promise<{ status: number; link?: ShareLinkView; url?: string; error?: { code: string } }> {
  const res = await call('POST', '/api/v1/share-links', cookie, { resource: 'trace', target: shared, ...body });
  return { status: res.status, ...(await res.json()) };
}

describe('share links', () => {
  it('are made by editors and admins; a viewer may not, and only an admin makes one that never expires', async () => {
    expect((await makeLink(viewer, {})).status).toBe(403);
    expect((await makeLink(editor, { expiresInDays: null })).status).toBe(403);
    const forever = await makeLink(admin, { expiresInDays: null });
    expect(forever.status).toBe(200);
    expect(forever.link).toMatchObject({ expiresAt: null, state: 'active', createdBy: 'admin@example.com' });
    expect((await makeLink(editor, { target: '0'.repeat(32) })).status).toBe(404);
  });

  it('show the one trace to a browser with no cookies, redacted, and refuse every other call', async () => {
    const made = await makeLink(editor, { redact: 'both' });
    expect(made.link).toMatchObject({ resource: 'trace', target: shared, redact: 'both', state: 'active', views: 0 });
    expect(made.url).toMatch(/^\/s\/[\w-]{43}$/);
    // browser.newPage: a page in a new context of its own, with no cookies.
    const { page, problems } = await watchedPage(browser);
    const res = await page.goto(`${baton.uiUrl}${made.url}`);
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(/invoke_agent billing/);
    const text = await page.locator('body').innerText();
    expect(text).toMatch(/message contents hidden, fact values shown as digests/);
    expect(text).not.toContain('C-42');
    expect(text).not.toContain('4242');
    await screenshot(page, 'share-link-trace');
    // The handoff's diff opens within the link (its detail is part of the trace).
    await page.getByText('delegation · no drift').click();
    await page.waitForURL(/[?&]handoff=/);
    await expect.poll(() => page.getByRole('dialog').innerText(), { timeout: 10_000 }).toMatch(/triage[\s\S]*billing/);
    expect(await page.getByRole('dialog').innerText()).not.toContain('C-42');
    expect(problems).toEqual([]);

    const token = made.url!.slice(3);
    const fromPage = (path: string, withToken = true) =>
      page.evaluate(async ([p, t]) => (await fetch(p!, { headers: t ? { 'x-baton-share': t } : {} })).status, [path, withToken ? token : ''] as const);
    expect(await fromPage(`/api/v1/traces/${shared}`)).toBe(200);
    for (const path of ['/api/v1/traces', `/api/v1/traces/${other}`, '/api/v1/sessions', '/api/v1/audit', '/api/v1/share-links', '/api/v1/me']) expect(await fromPage(path), path).toBe(403);
    expect(await fromPage(`/api/v1/traces/${shared}`, false)).toBe(401);
    await page.goto(`${baton.uiUrl}/traces`);
    expect(page.url()).toMatch(/\/signin\?next=/);
    await page.context().close();

    // The API's answer itself is redacted, not only the page.
    const body = JSON.stringify(await (await call('GET', `/api/v1/traces/${shared}`, undefined, undefined, { 'x-baton-share': token })).json());
    expect(body).not.toContain('C-42');
    expect(body).not.toContain(PROMPT);
    expect(body).toMatch(/"customer_id":"sha256:[0-9a-f]{12}"/);
  });

  it('count views, and stop working at once when revoked', async () => {
    const made = await makeLink(editor, {});
    const open = async () => {
      const page = await browser.newPage();
      await page.goto(`${baton.uiUrl}${made.url}`);
      await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(/invoke_agent billing|This link does not work/);
      const text = await page.locator('body').innerText();
      await page.context().close();
      return text;
    };
    expect(await open()).toContain('invoke_agent billing');
    await open();
    const listed = (await (await call('GET', '/api/v1/share-links', editor)).json()) as { links: ShareLinkView[] };
    expect(listed.links.find((l) => l.id === made.link!.id)).toMatchObject({ views: 2, lastViewedAt: expect.stringMatching(/Z$/) });
    expect((await call('GET', '/api/v1/share-links', viewer)).status).toBe(200);
    expect(((await (await call('GET', '/api/v1/share-links', viewer)).json()) as { links: unknown[] }).links).toEqual([]);

    expect((await call('DELETE', `/api/v1/share-links/${made.link!.id}`, viewer)).status).toBe(403);
    const revoked = await call('DELETE', `/api/v1/share-links/${made.link!.id}`, editor);
    expect(revoked.status).toBe(200);
    expect(await open()).toMatch(/This link does not work/);
    expect((await call('GET', `/api/v1/traces/${shared}`, undefined, undefined, { 'x-baton-share': made.url!.slice(3) })).status).toBe(401);
  });

  it('show a clear page, never data, for a tampered or made-up token', async () => {
    const made = await makeLink(editor, {});
    const token = made.url!.slice(3);
    for (const bad of [`${token.slice(0, -2)}${token.endsWith('xx') ? 'yy' : 'xx'}`, 'not-a-token', 'A'.repeat(43)]) {
      const page = await browser.newPage();
      await page.goto(`${baton.uiUrl}/s/${bad}`);
      await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toMatch(/This link does not work/);
      expect(await page.locator('body').innerText()).not.toMatch(/invoke_agent/);
      await page.context().close();
    }
  });

  it('show a session, its traces and handoffs within the link, and nothing of another session', async () => {
    const made = await makeLink(editor, { resource: 'session', target: 'share-session', redact: 'facts' });
    expect(made.link).toMatchObject({ resource: 'session', target: 'share-session', redact: 'facts' });
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}${made.url}`);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(/share-session/);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(/customer_id/);
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('C-42');
    expect(text).toMatch(/sha256:[0-9a-f]{12}/);
    // No way out of the link: no breadcrumb to the sessions list, no share or embed buttons.
    expect(await page.locator('a[href="/sessions"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Share' }).count()).toBe(0);
    await screenshot(page, 'share-link-session');

    await page.getByRole('link', { name: /^Turn 2:/ }).click();
    await page.waitForURL(new RegExp(`/s/[\\w-]{43}\\?trace=${sharedTurn2}`));
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(/invoke_agent billing/);
    expect(await page.getByRole('link', { name: /The session share-session/ }).count()).toBe(1);
    expect(problems).toEqual([]);

    const token = made.url!.slice(3);
    const fromPage = (path: string) => page.evaluate(async ([p, t]) => (await fetch(p!, { headers: { 'x-baton-share': t! } })).status, [path, token] as const);
    expect(await fromPage(`/api/v1/traces/${shared}`)).toBe(200);
    expect(await fromPage('/api/v1/sessions/share-session/facts')).toBe(200);
    expect(await fromPage(`/api/v1/traces/${other}`)).toBe(404);
    expect(await fromPage('/api/v1/sessions/other-session')).toBe(403);
    expect(await fromPage('/api/v1/sessions')).toBe(403);
    await page.context().close();
  });

  it('show one handoff’s diff, and nothing else of its trace', async () => {
    const traceOf = async (id: string) => (await (await call('GET', `/api/v1/traces/${id}`, admin)).json()) as { handoffs: { id: string }[] };
    const [handoff] = (await traceOf(shared)).handoffs;
    const [otherHandoff] = (await traceOf(other)).handoffs;
    // The sender's side carries the prompt as its text: hidden with the message contents.
    const made = await makeLink(editor, { resource: 'handoff', target: handoff!.id, redact: 'both' });
    expect(made.link).toMatchObject({ resource: 'handoff', target: handoff!.id });
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}${made.url}`);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(/Handoff diff[\s\S]*billing/);
    const token = made.url!.slice(3);
    expect(await page.locator('body').innerText()).not.toContain('C-42');
    expect(problems).toEqual([]);
    const fromPage = (path: string) => page.evaluate(async ([p, t]) => (await fetch(p!, { headers: { 'x-baton-share': t! } })).status, [path, token] as const);
    expect(await fromPage(`/api/v1/handoffs/${encodeURIComponent(handoff!.id)}`)).toBe(200);
    expect(await fromPage(`/api/v1/handoffs/${encodeURIComponent(otherHandoff!.id)}`)).toBe(403);
    expect(await fromPage(`/api/v1/traces/${shared}`)).toBe(403);
    await page.context().close();
  });

  it('embed a panel with their token in a wiki page of an allowed origin, and in no other', async () => {
    const made = await makeLink(editor, { resource: 'session', target: 'share-session' });
    const token = made.url!.slice(3);
    const src = `${baton.uiUrl}/embed/sessions/share-session/consistency?theme=light&token=${token}`;
    wikis.push(await wiki(wikiPort));
    const { page, problems } = await watchedPage(browser);
    await page.goto(`http://127.0.0.1:${wikiPort}/?src=${encodeURIComponent(src)}`);
    const panel = page.frameLocator('#panel');
    // The session's score, read through the token by a reader who is not signed in.
    await expect.poll(() => panel.locator('body').innerText(), { timeout: 15_000 }).toMatch(/Open in Baton[\s\S]*\b100\b/);
    await screenshot(page, 'share-link-embed');
    expect(problems).toEqual([]);
    await page.context().close();

    // Without the token the panel is refused (the wiki's readers are not signed in to Baton).
    expect((await fetch(src.replace(/&token=.*/, ''))).status).toBe(401);
    // From an origin BATON_EMBED_ORIGINS does not name, the browser refuses to frame it.
    const otherPort = await freePort();
    wikis.push(await wiki(otherPort));
    const other = await browser.newPage();
    const refused: string[] = [];
    other.on('console', (m) => refused.push(m.text()));
    await other.goto(`http://127.0.0.1:${otherPort}/?src=${encodeURIComponent(src)}`);
    await expect.poll(() => refused.join('\n'), { timeout: 10_000 }).toMatch(/frame-ancestors/);
    expect(await other.frameLocator('#panel').locator('body').innerText({ timeout: 2_000 }).catch(() => '')).not.toMatch(/Open in Baton/);
    await other.context().close();
  });

  it('are all in the audit log: made, viewed, revoked', async () => {
    const { entries } = (await (await call('GET', '/api/v1/audit?limit=1000', admin)).json()) as { entries: { action: string; actor: string }[] };
    const count = (action: string) => entries.filter((e) => e.action === action).length;
    expect(count('share.create')).toBe(7);
    expect(count('share.view')).toBeGreaterThanOrEqual(3);
    expect(count('share.revoke')).toBe(1);
  });

  it('pin their trace; the trace page pins and unpins by hand (editors), a viewer sees it pinned', async () => {
    const pinsOf = async (traceId: string) => ((await (await call('GET', `/api/v1/pins?target=${traceId}`, admin)).json()) as { pins: { reason: string }[] }).pins.map((p) => p.reason);
    // Four links were made to the shared trace, one revoked: three pins, one per link that works;
    // and a handoff's link pins the trace its handoff belongs to: a fourth.
    expect((await pinsOf(shared)).filter((r) => r.startsWith('share link '))).toHaveLength(4);
    const pageAs = async (cookie: string) => {
      const { page, problems } = await watchedPage(browser);
      const [name, ...value] = cookie.split(';')[0]!.split('=');
      await page.context().addCookies([{ name: name!, value: value.join('='), url: baton.uiUrl }]);
      await page.goto(`${baton.uiUrl}/traces/${other}`);
      return { page, problems };
    };
    const { page, problems } = await pageAs(editor);
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Pinned', exact: true }).getAttribute('aria-pressed'), { timeout: 20_000 }).toBe('true');
    expect(await pinsOf(other)).toEqual(['manual']);
    const seen = await pageAs(viewer);
    await expect.poll(() => seen.page.getByTestId('trace-pinned').innerText(), { timeout: 15_000 }).toBe('Pinned');
    await seen.page.context().close();
    await page.getByRole('button', { name: 'Pinned', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Pin', exact: true }).getAttribute('aria-pressed'), { timeout: 20_000 }).toBe('false');
    expect(await pinsOf(other)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
