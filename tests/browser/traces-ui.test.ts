import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { emitTriageTrace, otelHarness, within } from '@/tests/helpers/otel';
import { launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/** The built UI in Chromium: the traces list, a trace's waterfall and span details, telemetry as inert text. */

const HOSTILE = '<img src=x onerror=alert(1)>';
let baton: BatonProcess;
let browser: Browser;
let triageTrace: string;
let hostileTrace: string;

beforeAll(async () => {
  baton = await startBaton();
  const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'support-agents');
  for (let i = 0; i < 3; i++) triageTrace = emitTriageTrace(otel.tracer, `session-${i}`).traceId;
  within(otel.tracer, undefined, 'invoke_agent intruder', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': HOSTILE, 'app.note': `<script>alert(2)</script>` }, (span) => {
    hostileTrace = span.spanContext().traceId;
  });
  await otel.flush();
  await otel.shutdown();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await baton?.stop();
  baton?.cleanup();
});

describe('traces list', () => {
  it('shows recent traces and opens one', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/traces`);
    await page.getByRole('link', { name: 'invoke_agent triage' }).first().waitFor();
    expect(await page.getByRole('row').count()).toBe(5); // header + 4 traces
    await screenshot(page, 'traces-list');
    await page.getByRole('link', { name: 'invoke_agent triage' }).first().click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
    await page.getByRole('table', { name: 'Spans' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('holds still under the pointer while new traces arrive, and says Live, Paused or Frozen range', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/traces`);
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    const status = page.getByRole('status').filter({ hasText: /^(Live|Paused|Frozen range)/ });
    await expect.poll(() => status.getAttribute('data-live')).toBe('live');
    const before = await rows.allInnerTexts();
    await rows.nth(1).hover();
    await expect.poll(() => status.getAttribute('data-live')).toBe('paused');
    const late = otelHarness(baton.otlpUrl, 'http/protobuf', 'late-agents');
    within(late.tracer, undefined, 'invoke_agent latecomer', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'latecomer' }, () => undefined);
    await late.flush();
    await late.shutdown();
    const banner = page.getByRole('button', { name: '1 new trace — show' });
    await banner.waitFor({ timeout: 15_000 });
    expect(await rows.allInnerTexts()).toEqual(before);
    expect(await page.getByText('invoke_agent latecomer').count()).toBe(0);
    await banner.click();
    await page.getByText('invoke_agent latecomer').waitFor();
    expect(await rows.count()).toBe(before.length + 1);
    // An absolute range is frozen: no Live, no refresh.
    await page.goto(`${baton.uiUrl}/traces?from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`);
    await rows.first().waitFor();
    expect(await status.innerText()).toBe('Frozen range');
    expect(problems).toEqual([]);
  });

  it('filters by agent through the URL', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/traces`);
    await page.getByText('invoke_agent intruder').waitFor();
    await page.getByLabel('Agent').fill('billing');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/agent=billing/);
    await page.getByText('invoke_agent intruder').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'invoke_agent triage' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'invoke_agent triage' }).count()).toBe(3);
    // The filter survives a reload: it lives in the URL.
    await page.reload();
    await page.getByRole('link', { name: 'invoke_agent triage' }).first().waitFor();
    expect(await page.getByLabel('Agent').inputValue()).toBe('billing');
    expect(problems).toEqual([]);
  });
});

describe('trace page', () => {
  it('shows the waterfall and the selected span', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/traces/${triageTrace}`);
    const rows = page.getByRole('table', { name: 'Spans' }).getByRole('row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(4);
    await page.getByRole('row', { name: /execute_tool refund/ }).click();
    await page.waitForURL(/span=[0-9a-f]{16}/);
    const details = page.getByRole('complementary', { name: 'Span details' });
    await details.getByText('payment gateway timeout').waitFor();
    await details.getByText('gen_ai.tool.name').waitFor();
    await screenshot(page, 'trace-span-details');
    expect(problems).toEqual([]);
  });

  it('says so when a trace does not exist', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/traces/${'e'.repeat(32)}`);
    await page.getByText('Trace not found').waitFor();
    // The 404 from the API is the expected answer, not a page error.
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
  });

  it('renders hostile telemetry as inert text', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baton.uiUrl}/traces/${hostileTrace}`);
    await page.getByRole('row', { name: /invoke_agent intruder/ }).click();
    const details = page.getByRole('complementary', { name: 'Span details' });
    await details.getByText('<script>alert(2)</script>').waitFor();
    expect(await page.getByText(HOSTILE).count()).toBeGreaterThan(0);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await screenshot(page, 'trace-hostile-attributes');
    expect(problems).toEqual([]);
  });
});
