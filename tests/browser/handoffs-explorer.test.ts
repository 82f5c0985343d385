import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HandoffList } from '@/lib/schemas/handoffs';
import type { SessionDetail } from '@/lib/schemas/sessions';
import path from 'node:path';
import { ARTIFACTS, launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { otelHarness, within, type OtelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';
import { recordSnapshot, type SnapshotFields } from '@/tests/helpers/snapshots';

/**
 * Issue 13, points 6 and 7 in Chromium: the fact ledger of a 100-turn session
 * (sticky keys and header, the "N more" scroller, the transposed layout), the
 * handoffs explorer sorted by severity and fidelity with what broke in each
 * row, and a live list that holds still under the pointer ("N new — show",
 * Live / Paused / Frozen range).
 */

let baton: BatonProcess;
let otel: OtelHarness;
let browser: Browser;

const LONG_SESSION = 'long-session';
const TURNS = 100;
const agent = (name: string, extra: Record<string, string> = {}) => ({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name, ...extra });

type Facts = Record<string, unknown>;

/** Each handoff a second after the one before (in the last few minutes), so newest first is a known order. */
let clock = Date.now() - 300_000;

/** One trace: a planner hands `id` to a booker with these facts (and contract); the booker receives its own, or never (pending). */
function handoff(id: string, sent: Facts, received?: Facts, contract?: SnapshotFields['contract']) {
  const at = (clock += 1_000);
  within(otel.tracer, undefined, 'invoke_agent planner', agent('planner', { 'session.id': 'explorer', 'user.id': 'u-explorer' }), (planner) => {
    recordSnapshot(planner, { phase: 'sent', handoffId: id, to: 'booker', facts: sent, contract }, new Date(at));
    if (received) within(otel.tracer, planner, 'invoke_agent booker', agent('booker'), (booker) => recordSnapshot(booker, { phase: 'received', handoffId: id, facts: received }, new Date(at + 100)));
  });
}

const TRIP = { customer_id: 'C-1', budget: 300, trip: { dates: '2026-12-04/2026-12-09', city: 'Lisbon' } };
const SEEDED = ['h-critical', 'h-warning', 'h-info', 'h-none', 'h-pending'];

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const listed = async () => (await baton.api<HandoffList>('/api/v1/handoffs?limit=200')).body.handoffs;

beforeAll(async () => {
  baton = await startBaton();
  otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'travel-agents', undefined, { batch: true });
  for (let turn = 1; turn <= TURNS; turn++) {
    within(otel.tracer, undefined, 'invoke_agent planner', agent('planner', { 'session.id': LONG_SESSION, 'user.id': 'u-long' }), (span) =>
      recordSnapshot(span, { phase: 'checkpoint', facts: { step: turn, budget: turn <= 60 ? 300 : 250 } }, new Date(clock - 200_000 + turn * 1_000)),
    );
  }
  handoff('h-critical', TRIP, { customer_id: 'C-1', trip: TRIP.trip }, { required: ['budget'] });
  handoff('h-warning', TRIP, { customer_id: 'C-2', budget: 300, trip: { city: 'Lisbon' } });
  handoff('h-info', TRIP, { ...TRIP, vip: true });
  handoff('h-none', TRIP, TRIP);
  handoff('h-pending', TRIP);
  await otel.flush();
  await until('the long session analysed', async () => {
    const res = await baton.api<SessionDetail>(`/api/v1/sessions/${LONG_SESSION}`);
    return res.status === 200 && !res.body.analysisPending && res.body.session.traces === TURNS ? true : undefined;
  });
  await until('the seeded handoffs analysed', async () => {
    const ids = new Set((await listed()).filter((h) => h.status === 'complete' || h.id === 'h-pending').map((h) => h.id));
    return SEEDED.every((id) => ids.has(id)) ? true : undefined;
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

const handoffIds = (page: Page) => page.getByRole('table', { name: 'Handoffs' }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-handoff')));
const rowOf = (page: Page, id: string) => page.locator(`tr[data-handoff="${id}"]`);

describe('fact ledger at 100 turns', () => {
  it('opens transposed (a row per snapshot) with its header held on top, and keys-by-turns keeps the keys on the left and says how many more', async () => {
    const { page, problems } = await watchedPage(browser);
    // Every list of the session in one page of 200, so the ledger holds all 100 snapshots.
    await page.route('**/api/v1/sessions/**', (route) => {
      const asked = new URL(route.request().url());
      asked.searchParams.set('limit', '200');
      return route.continue({ url: asked.toString() });
    });
    await page.goto(`${baton.uiUrl}/sessions/${LONG_SESSION}`);
    const ledger = page.getByRole('table', { name: 'Fact ledger' });
    await ledger.waitFor({ timeout: 20_000 });
    await expect.poll(() => ledger.locator('tbody tr').count(), { timeout: 10_000 }).toBe(TURNS);
    expect(await ledger.getAttribute('data-layout')).toBe('turns');
    expect(await ledger.locator('thead th').allInnerTexts()).toEqual(['SNAPSHOT', 'budget', 'step']);
    const region = page.getByRole('region', { name: /^Fact ledger, / });
    await region.scrollIntoViewIfNeeded();
    // Scrolled down, the key header stays at the top of the box and the rows pass under it.
    const box = (await region.boundingBox())!;
    await region.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    const header = ledger.locator('thead th', { hasText: 'budget' });
    await expect.poll(async () => Math.abs((await header.boundingBox())!.y - box.y)).toBeLessThan(3);
    // budget, the first key column, changed once (turn 61); step changed at every turn.
    expect(await ledger.locator('tbody td:nth-of-type(1)[data-change="changed"]').count()).toBe(1);
    expect(await ledger.locator('tbody td:nth-of-type(2)[data-change="changed"]').count()).toBe(TURNS - 1);
    const panel = page.getByRole('region', { name: 'Fact ledger', exact: true });
    await panel.screenshot({ path: path.join(ARTIFACTS, 'ledger-100-turns-transposed.png') });

    await page.getByRole('radio', { name: 'Keys × turns' }).click();
    await page.waitForURL(/ledger=keys/);
    expect(await ledger.getAttribute('data-layout')).toBe('keys');
    expect(await ledger.getByRole('rowheader').allInnerTexts()).toEqual(['budget', 'step']);
    // Wider than its box: it says how many snapshots lie past the right edge.
    const more = page.getByRole('button', { name: /^\d+ more snapshots$/ });
    await more.waitFor();
    const hidden = Number((await more.innerText()).split(' ')[0]);
    expect(hidden).toBeGreaterThan(50);
    expect(hidden).toBeLessThan(TURNS);
    const key = ledger.getByRole('rowheader', { name: 'budget' });
    const keyX = (await key.boundingBox())!.x;
    await more.click();
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(300);
    // The keys stay put as the snapshots scroll under them, and the count before the left edge appears.
    expect(Math.abs((await key.boundingBox())!.x - keyX)).toBeLessThan(2);
    await page.getByRole('button', { name: /^Scroll back: \d+ snapshots before$/ }).waitFor();
    await expect.poll(async () => Number((await more.innerText()).split(' ')[0])).toBeLessThan(hidden);
    await panel.screenshot({ path: path.join(ARTIFACTS, 'ledger-100-turns-keys.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot({ path: path.join(ARTIFACTS, 'ledger-100-turns-keys-dark.png') });
    // On a phone the box still says how many snapshots lie past its edge.
    await page.setViewportSize({ width: 390, height: 844 });
    await more.waitFor();
    await panel.screenshot({ path: path.join(ARTIFACTS, 'ledger-100-turns-keys-phone.png') });
    expect(problems).toEqual([]);
  });
});

describe('handoffs explorer', () => {
  it('sorts by severity and by fidelity on the server, and says what broke in each row', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/handoffs`);
    await rowOf(page, 'h-warning').waitFor();
    // Newest first by default: the seeded ones in reverse.
    const seededOrder = (ids: (string | null)[]) => ids.filter((id): id is string => SEEDED.includes(id ?? ''));
    expect(seededOrder(await handoffIds(page))).toEqual([...SEEDED].reverse());
    expect(await page.getByRole('columnheader', { name: /^Time/ }).getAttribute('aria-sort')).toBe('descending');
    // What broke, by key.
    expect(await rowOf(page, 'h-critical').getByTestId('what-broke').innerText()).toMatch(/^missing required budget/);
    const warning = await rowOf(page, 'h-warning').getByTestId('what-broke').innerText();
    expect(warning).toContain('dropped trip.dates');
    expect(warning).toContain('changed customer_id');
    expect(await rowOf(page, 'h-info').getByTestId('what-broke').innerText()).toBe('added vip');
    expect(await rowOf(page, 'h-none').innerText()).toContain('nothing lost');
    expect(await rowOf(page, 'h-pending').innerText()).toContain('waiting for the receiver');

    await page.getByRole('button', { name: 'Severity' }).click();
    await page.waitForURL(/sort=severity/);
    await expect.poll(async () => seededOrder(await handoffIds(page))).toEqual(['h-critical', 'h-warning', 'h-info', 'h-none', 'h-pending']);
    expect(await page.getByRole('columnheader', { name: /^Severity/ }).getAttribute('aria-sort')).toBe('descending');
    expect(await page.getByRole('columnheader', { name: /^Time/ }).getAttribute('aria-sort')).toBe('none');
    await page.getByRole('table', { name: 'Handoffs' }).screenshot({ path: path.join(ARTIFACTS, 'handoffs-by-severity.png') });
    // Again: least severe first, pending still last.
    await page.getByRole('button', { name: 'Severity' }).click();
    await page.waitForURL(/order=asc/);
    await expect.poll(async () => seededOrder(await handoffIds(page))).toEqual(['h-none', 'h-info', 'h-warning', 'h-critical', 'h-pending']);

    await page.getByRole('button', { name: 'Fidelity' }).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'fidelity' && !u.searchParams.has('order'));
    expect(await page.getByRole('columnheader', { name: /^Fidelity/ }).getAttribute('aria-sort')).toBe('ascending');
    const byApi = (await baton.api<HandoffList>('/api/v1/handoffs?sort=fidelity&limit=200')).body.handoffs.map((h) => h.id);
    await expect.poll(() => handoffIds(page)).toEqual(byApi);
    expect(byApi.at(-1)).toBe('h-pending');
    expect(byApi.indexOf('h-critical')).toBeLessThan(byApi.indexOf('h-none'));
    // The order is in the URL: a reload keeps it.
    await page.reload();
    await expect.poll(() => handoffIds(page)).toEqual(byApi);
    expect(problems).toEqual([]);
  });

  it('holds still under the pointer: new handoffs wait behind "N new — show", Paused says so, and a frozen range says Frozen', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/handoffs`);
    const status = page.getByRole('status').filter({ hasText: /^(Live|Paused|Frozen range)/ });
    await rowOf(page, 'h-warning').waitFor();
    await expect.poll(() => status.getAttribute('data-live')).toBe('live');
    const before = await handoffIds(page);
    await rowOf(page, 'h-warning').hover();
    await expect.poll(() => status.getAttribute('data-live')).toBe('paused');
    expect(await status.innerText()).toMatch(/^Paused/);

    handoff('h-late-1', TRIP, TRIP);
    handoff('h-late-2', TRIP, { customer_id: 'C-1' });
    await otel.flush();
    const after = await until('the new handoffs analysed', async () => {
      const ids = (await listed()).map((h) => h.id);
      return ids.includes('h-late-1') && ids.includes('h-late-2') ? ids : undefined;
    });
    const fresh = after.filter((id) => !before.includes(id)).length;
    const banner = page.getByRole('button', { name: `${fresh} new handoff${fresh === 1 ? '' : 's'} — show` });
    await banner.waitFor({ timeout: 20_000 });
    // The rows did not move.
    expect(await handoffIds(page)).toEqual(before);
    await screenshot(page, 'handoffs-held-banner');
    await banner.click();
    await expect.poll(() => handoffIds(page)).toEqual(after);
    expect(await banner.count()).toBe(0);
    // Leaving the list lets it run live again.
    await page.mouse.move(5, 5);
    await expect.poll(() => status.getAttribute('data-live')).toBe('live');

    // A range that ends at a fixed time: no Live, no refresh.
    const now = Date.now();
    await page.goto(`${baton.uiUrl}/handoffs?from=${now - 3_600_000}&to=${now + 60_000}`);
    await rowOf(page, 'h-warning').waitFor();
    expect(await status.innerText()).toBe('Frozen range');
    expect(await status.getAttribute('data-live')).toBe('frozen');
    expect(problems).toEqual([]);
  });
});
