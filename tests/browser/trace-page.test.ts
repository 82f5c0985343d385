import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TraceDetail } from '@/lib/schemas/api';
import { bigTrace, sendBigTrace, type BigTrace } from '@/tests/helpers/big-trace';
import { launchBrowser, screenshot, watchedPage } from '@/tests/helpers/browser';
import { startScenario, type Scenario } from '@/tests/helpers/scenario';

/**
 * The trace page in Chromium on the fixture scenario: the agent chain, the
 * handoff diff, messages as a conversation, hostile telemetry, keyboard use,
 * a 10,000-span trace, and the two embeds.
 */

const HOSTILE = '<img src=x onerror=alert(1)>';
let scenario: Scenario;
let browser: Browser;
let big: BigTrace;
/** A chain of 51 agents: an orchestrator calling one researcher 40 times and ten specialists once each. */
let many: BigTrace;
const REPEATS = 40;
const hostile = { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };

async function sendHostileTrace(otlpUrl: string) {
  const s = (key: string, v: string) => ({ key, value: { stringValue: v } });
  const now = BigInt(Date.now() - 60_000) * 1_000_000n;
  const messages = [{ role: 'user', parts: [{ type: 'text', content: `Please summarise ${HOSTILE}` }] }];
  const output = [{ role: 'assistant', parts: [{ type: 'tool_call', name: 'lookup', arguments: { q: HOSTILE } }] }];
  const span = {
    traceId: hostile.traceId,
    spanId: hostile.spanId,
    name: 'chat hostile-model',
    kind: 3,
    startTimeUnixNano: String(now),
    endTimeUnixNano: String(now + 2_000_000n),
    attributes: [
      s('gen_ai.operation.name', 'chat'),
      s('gen_ai.request.model', 'hostile-model'),
      s('app.note', HOSTILE),
      s('gen_ai.input.messages', JSON.stringify(messages)),
      s('gen_ai.output.messages', JSON.stringify(output)),
    ],
  };
  const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
  const res = await fetch(`${otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  if (!res.ok) throw new Error(`hostile trace: ${res.status}`);
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const traceOf = async (traceId: string) => (await scenario.baton.api<TraceDetail>(`/api/v1/traces/${traceId}`)).body;

beforeAll(async () => {
  scenario = await startScenario();
  big = bigTrace({ spans: 10_000 });
  await sendBigTrace(scenario.baton.otlpUrl, big);
  many = bigTrace({ spans: 800, workers: 50, workerName: (w) => (w < REPEATS ? 'researcher' : `specialist-${w - REPEATS + 1}`) });
  await sendBigTrace(scenario.baton.otlpUrl, many);
  await sendHostileTrace(scenario.baton.otlpUrl);
  // Delegation from the orchestrator to each worker: the analyzer has run when all are there.
  await until('big trace analysed', async () => ((await traceOf(big.traceId)).handoffs?.length === big.agents - 1 ? true : undefined));
  await until('many-agent trace analysed', async () => ((await traceOf(many.traceId)).handoffs?.length === many.agents - 1 ? true : undefined));
  // The API carries all of it in one answer.
  const whole = await traceOf(big.traceId);
  if (whole.truncated || whole.spans.length !== big.spans) throw new Error(`the big trace came back with ${whole.spans.length} spans, truncated: ${whole.truncated}`);
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await scenario?.baton.stop();
  scenario?.baton.cleanup();
});

async function open(path: string, theme: 'light' | 'dark' = 'light'): Promise<{ page: Page; problems: string[] }> {
  const watched = await watchedPage(browser);
  await watched.page.emulateMedia({ colorScheme: theme });
  await watched.page.goto(`${scenario.baton.uiUrl}${path}`);
  return watched;
}

const chain = (page: Page) => page.getByRole('region', { name: 'Agent chain' });
const diffTable = (page: Page) => page.getByRole('dialog').getByRole('table', { name: 'Facts at the handoff' });

describe('trace page', () => {
  it('draws the agent chain: a node per agent invocation, an edge per handoff', async () => {
    const trace = await traceOf(scenario.droppedFact.traceId);
    const agentSpans = trace.spans.filter((s) => s.type === 'agent');
    for (const theme of ['light', 'dark'] as const) {
      const { page, problems } = await open(`/traces/${scenario.droppedFact.traceId}`, theme);
      await chain(page).locator('.react-flow__node').first().waitFor();
      for (const s of agentSpans) expect(await chain(page).locator(`.react-flow__node[data-id="${s.spanId}"]`).count(), s.name).toBe(1);
      expect(await chain(page).locator('.react-flow__edge').count()).toBe(trace.handoffs.length);
      expect(await chain(page).locator(`.react-flow__edge[data-id="${scenario.droppedFact.handoffId}"]`).count()).toBe(1);
      await page.getByRole('table', { name: 'Spans' }).getByRole('row').first().waitFor();
      await screenshot(page, `trace-page-${theme}`);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('opens the diff from ?handoff= with the dropped fact marked dropped', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, problems } = await open(`/traces/${scenario.droppedFact.traceId}?handoff=${encodeURIComponent(scenario.droppedFact.handoffId)}`, theme);
      const row = diffTable(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${scenario.droppedFact.key}`) }) });
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('dropped');
      await row.getByText('dropped').waitFor();
      await screenshot(page, `handoff-diff-${theme}`);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('shows a changed value as from → to', async () => {
    const trace = await traceOf(scenario.changedValue.traceId);
    const change = trace.handoffs.find((h) => h.id === scenario.changedValue.handoffId)!.drift.changed.find((c) => c.key === scenario.changedValue.key)!;
    const { page, problems } = await open(`/traces/${scenario.changedValue.traceId}?handoff=${encodeURIComponent(scenario.changedValue.handoffId)}`);
    const row = diffTable(page).locator(`tr[data-status="changed"]`).filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${scenario.changedValue.key}`) }) });
    await row.waitFor();
    const text = await row.innerText();
    const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
    expect(text).toContain(asText(change.from));
    expect(text).toContain(asText(change.to));
    expect(text).toContain('→');
    expect(problems).toEqual([]);
  });

  it('renders a span’s messages as a conversation', async () => {
    const trace = await traceOf(scenario.droppedFact.traceId);
    const llm = trace.spans.find((s) => s.messages && s.messages.input.some((m) => m.role === 'user') && s.messages.output.length > 0)!;
    expect(llm).toBeDefined();
    const { page, problems } = await open(`/traces/${scenario.droppedFact.traceId}?span=${llm.spanId}`);
    const messages = page.getByRole('complementary', { name: 'Span details' }).getByRole('group', { name: 'Messages' });
    await messages.waitFor();
    const user = llm.messages!.input.find((m) => m.role === 'user')!.parts.find((p) => p.type === 'text');
    expect(await messages.locator('li[data-role="user"]').count()).toBeGreaterThan(0);
    expect(await messages.locator('li[data-role="assistant"]').count()).toBeGreaterThan(0);
    if (user?.type === 'text') expect(await messages.locator('li[data-role="user"]').first().innerText()).toContain(user.content.slice(0, 40));
    await screenshot(page, 'span-messages');
    expect(problems).toEqual([]);
  });

  it('keeps hostile attributes and messages inert text', async () => {
    const { page, problems } = await open(`/traces/${hostile.traceId}?span=${hostile.spanId}`);
    const details = page.getByRole('complementary', { name: 'Span details' });
    await details.getByRole('group', { name: 'Messages' }).getByText(`Please summarise ${HOSTILE}`).waitFor();
    await details.getByText(HOSTILE, { exact: true }).first().waitFor();
    expect(await details.getByText(/"q": "<img src=x onerror=alert\(1\)>"/).count()).toBe(1);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(problems).toEqual([]);
  });

  it('says in plain text when it ignored copies of a span another service sent with the same ids', async () => {
    const ids = { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };
    const start = BigInt(Date.now() - 60_000) * 1_000_000n;
    const send = async (service: string, name: string) => {
      const span = { ...ids, name, kind: 1, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 1_000_000n) };
      const resource = { attributes: [{ key: 'service.name', value: { stringValue: service } }] };
      const body = JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans: [span] }] }] });
      const res = await fetch(`${scenario.baton.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      expect(res.status).toBe(200);
    };
    await send('first-service', 'first copy');
    await send('other-service', HOSTILE);
    expect((await traceOf(ids.traceId)).ignoredSpanCopies).toBe(1);
    const { page, problems } = await open(`/traces/${ids.traceId}`);
    await page.getByText(/^Ignored 1 copy of a span that another service or process sent with the same trace and span id/).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('first copy');
    expect(await page.getByText(HOSTILE).count()).toBe(0);
    await screenshot(page, 'trace-page-ignored-copies');
    expect(problems).toEqual([]);
  });

  it('is usable by keyboard: Tab to an edge, Enter opens the diff, Escape closes it', async () => {
    const { page, problems } = await open(`/traces/${scenario.droppedFact.traceId}`);
    await chain(page).locator('.react-flow__edge').first().waitFor({ state: 'attached' });
    let edgeId: string | null = null;
    for (let i = 0; i < 80 && !edgeId; i++) {
      await page.keyboard.press('Tab');
      edgeId = await page.evaluate(() => document.activeElement?.closest('.react-flow__edge')?.getAttribute('data-id') ?? null);
    }
    expect(edgeId).not.toBeNull();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('handoff') === edgeId);
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.waitForURL((url) => !url.searchParams.has('handoff'));
    expect(problems).toEqual([]);
  });

  it('renders a 10,000-span trace and scrolls to its last span', async () => {
    const { page, problems } = await open(`/traces/${big.traceId}`);
    const rows = page.getByRole('table', { name: 'Spans' }).getByRole('row');
    await rows.first().waitFor({ timeout: 60_000 });
    expect(await page.getByRole('table', { name: 'Spans' }).getAttribute('aria-rowcount')).toBe('10000');
    // Virtualized: a screenful of rows in the DOM, not ten thousand.
    expect(await rows.count()).toBeLessThan(150);
    expect(await chain(page).locator('.react-flow__node').count()).toBe(big.agents);
    await rows.first().click();
    await page.keyboard.press('End');
    await page.getByRole('row', { name: new RegExp(big.lastSpanName) }).waitFor();
    await page.getByRole('complementary', { name: 'Span details' }).getByRole('heading', { name: big.lastSpanName }).waitFor();
    await screenshot(page, 'trace-page-10k-spans');
    expect(problems).toEqual([]);
  });
});

describe('large trace tools', () => {
  const table = (page: Page) => page.getByRole('table', { name: 'Spans' });
  const rowOf = (page: Page, spanId: string) => table(page).locator(`[data-span-id="${spanId}"]`);
  const rowCount = async (page: Page) => Number(await table(page).getAttribute('aria-rowcount'));
  const selectedIs = (page: Page, spanId: string) => page.waitForURL((url) => url.searchParams.get('span') === spanId);
  /** The row is in the DOM, selected, and inside the scrolled view. */
  async function shownSelected(page: Page, spanId: string) {
    const row = rowOf(page, spanId);
    await row.waitFor();
    await page.waitForFunction((id) => document.querySelector(`[data-span-id="${id}"]`)?.getAttribute('aria-selected') === 'true', spanId);
    const [box, view] = await Promise.all([row.boundingBox(), table(page).boundingBox()]);
    expect(box!.y).toBeGreaterThanOrEqual(view!.y - 1);
    expect(box!.y + box!.height).toBeLessThanOrEqual(view!.y + view!.height + 1);
  }
  const byStart = (a: { startTime: string }, b: { startTime: string }) => a.startTime.localeCompare(b.startTime);

  it('folds subtrees by chevron, keyboard and collapse all / expand all', async () => {
    const trace = await traceOf(big.traceId);
    const worker = trace.spans.find((s) => s.name === 'invoke_agent worker-1')!;
    const children = trace.spans.filter((s) => s.parentSpanId === worker.spanId).sort(byStart);
    const { page, problems } = await open(`/traces/${big.traceId}`);
    await table(page).getByRole('row').first().waitFor({ timeout: 60_000 });
    await rowOf(page, children[0]!.spanId).waitFor();
    await table(page).getByRole('button', { name: /^Collapse invoke_agent worker-1 / }).click();
    expect(await rowCount(page)).toBe(big.spans - children.length);
    expect(await rowOf(page, children[0]!.spanId).count()).toBe(0);
    expect(await rowOf(page, worker.spanId).getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, 'trace-collapsed-subtree');
    // ArrowRight on the selected, folded row unfolds it; ArrowLeft folds it again.
    await rowOf(page, worker.spanId).click();
    await selectedIs(page, worker.spanId);
    await page.keyboard.press('ArrowRight');
    await rowOf(page, children[0]!.spanId).waitFor();
    expect(await rowCount(page)).toBe(big.spans);
    await page.keyboard.press('ArrowLeft');
    await rowOf(page, children[0]!.spanId).waitFor({ state: 'detached' });
    expect(await rowCount(page)).toBe(big.spans - children.length);
    await page.getByRole('button', { name: 'Collapse all' }).click();
    expect(await rowCount(page)).toBe(1);
    await page.getByRole('button', { name: 'Expand all' }).click();
    expect(await rowCount(page)).toBe(big.spans);
    expect(problems).toEqual([]);
  });

  it('finds spans: Enter and Shift+Enter step through the matches, unfolding what hides them', async () => {
    const trace = await traceOf(big.traceId);
    const matches = trace.spans.filter((s) => s.name === 'execute_tool search_3').sort(byStart);
    expect(matches.length).toBeGreaterThan(2);
    const { page, problems } = await open(`/traces/${big.traceId}`);
    await table(page).getByRole('row').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Collapse all' }).click();
    const find = page.getByRole('searchbox', { name: 'Find in trace' });
    const status = page.getByRole('group', { name: 'Find in trace' });
    await find.fill('SEARCH_3');
    await status.getByText(`${matches.length} matches`, { exact: true }).waitFor();
    await find.press('Enter');
    await selectedIs(page, matches[0]!.spanId);
    await shownSelected(page, matches[0]!.spanId);
    await status.getByText(`1 of ${matches.length} matches`).waitFor();
    await find.press('Enter');
    await selectedIs(page, matches[1]!.spanId);
    await shownSelected(page, matches[1]!.spanId);
    expect(await rowOf(page, matches[1]!.spanId).getAttribute('data-match')).toBe('true');
    await find.press('Shift+Enter');
    await selectedIs(page, matches[0]!.spanId);
    await page.getByRole('button', { name: 'Previous match' }).click();
    await selectedIs(page, matches[matches.length - 1]!.spanId);
    await shownSelected(page, matches[matches.length - 1]!.spanId);
    await status.getByText(`${matches.length} of ${matches.length} matches`).waitFor();
    await screenshot(page, 'trace-find');
    // On a phone the tools wrap above the waterfall and stay usable.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Next match' }).click();
    await selectedIs(page, matches[0]!.spanId);
    await shownSelected(page, matches[0]!.spanId);
    // The span's details come below the waterfall, not over it.
    const [spans, details] = await Promise.all([table(page).boundingBox(), page.getByRole('complementary', { name: 'Span details' }).boundingBox()]);
    expect(details!.y).toBeGreaterThanOrEqual(spans!.y + spans!.height);
    await screenshot(page, 'trace-find-phone-dark');
    expect(problems).toEqual([]);
  });

  it('steps to the next error and handoff, marks handoffs on their rows, and draws a time axis and the critical path', async () => {
    const trace = await traceOf(big.traceId);
    const errors = trace.spans.filter((s) => s.status.code === 'error').sort(byStart);
    expect(errors.length).toBeGreaterThan(1);
    const root = trace.spans.find((s) => s.parentSpanId === '')!;
    const worker2 = trace.spans.find((s) => s.spanId === errors[1]!.parentSpanId)!;
    const toWorker2 = trace.handoffs.find((h) => h.toSpanId === worker2.spanId)!;
    expect(toWorker2.fromSpanId).toBe(root.spanId);
    const { page, problems } = await open(`/traces/${big.traceId}`);
    await table(page).getByRole('row').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Collapse all' }).click();
    // The sender's row carries a mark naming all it sent.
    await rowOf(page, root.spanId).getByRole('img', { name: new RegExp(`^Sends ${trace.handoffs.length} handoffs to .*worker-3 \\(`) }).waitFor();
    await page.getByRole('button', { name: 'Next error' }).click();
    await selectedIs(page, errors[0]!.spanId);
    await shownSelected(page, errors[0]!.spanId);
    await page.getByRole('group', { name: 'Errors' }).getByText(`1 of ${errors.length} errors`).waitFor();
    await page.getByRole('button', { name: 'Next error' }).click();
    await selectedIs(page, errors[1]!.spanId);
    await shownSelected(page, errors[1]!.spanId);
    await page.getByRole('complementary', { name: 'Span details' }).getByText('tool failed: upstream 503').first().waitFor();

    // The receiving row carries a mark naming its sender; the previous handoff before the error is that row.
    await rowOf(page, worker2.spanId).getByRole('img', { name: /^Receives a handoff from orchestrator/ }).waitFor();
    await page.getByRole('button', { name: 'Previous handoff' }).click();
    await selectedIs(page, worker2.spanId);
    await shownSelected(page, worker2.spanId);

    // Round ticks on the time axis: 0 first, evenly spaced, inside the trace.
    const ticks = page.getByRole('group', { name: 'Time axis' }).locator('[data-tick]');
    const values = (await ticks.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-tick')))));
    expect(values.length).toBeGreaterThanOrEqual(3);
    expect(values[0]).toBe(0);
    expect(await ticks.first().innerText()).toBe('0');
    const step = values[1]!;
    values.forEach((v, i) => expect(v).toBeCloseTo(i * step, 0));

    await page.getByRole('button', { name: 'Critical path' }).click();
    await page.waitForFunction((id) => document.querySelector(`[data-span-id="${id}"]`)?.getAttribute('data-critical') === 'true', worker2.spanId);
    expect(await page.getByRole('button', { name: 'Critical path' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'trace-errors-handoffs-ticks');
    expect(problems).toEqual([]);
  });
});

describe('a chain of 51 agents', () => {
  it('groups repeated invocations, keeps labels at a readable zoom, and has a minimap and zoom controls', async () => {
    const trace = await traceOf(many.traceId);
    const researchers = trace.spans.filter((s) => s.type === 'agent' && s.agent === 'researcher');
    expect(researchers).toHaveLength(REPEATS);
    const { page, problems } = await open(`/traces/${many.traceId}`);
    const nodes = chain(page).locator('.react-flow__node');
    await nodes.first().waitFor();
    // The orchestrator, one researcher node for its 40 invocations, ten specialists.
    expect(await nodes.count()).toBe(1 + 1 + (many.agents - 1 - REPEATS));
    const group = chain(page).getByRole('group', { name: `Agent researcher, ${REPEATS} invocations` });
    await group.waitFor({ state: 'attached' });
    expect(await group.innerText()).toContain(`×${REPEATS}`);
    // The forty delegations to it are one edge; each specialist's its own.
    expect(await chain(page).locator('.react-flow__edge').count()).toBe(1 + (many.agents - 1 - REPEATS));
    await chain(page).getByText(`${REPEATS} handoffs · worst:`).waitFor();
    await chain(page).getByText(`${many.agents} agent invocations, ${many.agents - 1} handoffs`).waitFor();
    await chain(page).locator('.react-flow__minimap').waitFor();
    await chain(page).getByRole('button', { name: /zoom out/i }).waitFor();
    // Never zoomed below the readable minimum, even after zooming out as far as it goes.
    const scale = () => chain(page).locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
    expect(await scale()).toBeGreaterThanOrEqual(0.75 - 1e-6);
    // (At the minimum the button is disabled: force the clicks through.)
    for (let i = 0; i < 6; i++) await chain(page).getByRole('button', { name: /zoom out/i }).click({ force: true });
    expect(await scale()).toBeGreaterThanOrEqual(0.75 - 1e-6);
    await screenshot(page, 'trace-chain-51-agents');
    // The group selects its first invocation's span (Enter on the focused node; a click may land off screen).
    await group.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => researchers.some((s) => s.spanId === url.searchParams.get('span')));
    expect(problems).toEqual([]);
  });
});

describe('embeds', () => {
  it('render the chain alone, in either theme', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, problems } = await open(`/embed/traces/${scenario.droppedFact.traceId}/chain?theme=${theme}`);
      await chain(page).locator(`.react-flow__edge[data-id="${scenario.droppedFact.handoffId}"]`).waitFor({ state: 'attached' });
      // A straight edge's box has no height, so Playwright never calls it visible: wait for the nodes.
      await chain(page).locator('.react-flow__node').first().waitFor();
      expect(await page.getByRole('navigation').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(theme === 'dark');
      const link = page.getByRole('link', { name: 'Open in Baton' });
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toBe('noopener');
      await screenshot(page, `embed-chain-${theme}`);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('render one handoff’s diff alone, in either theme', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, problems } = await open(`/embed/handoffs/${encodeURIComponent(scenario.droppedFact.handoffId)}?theme=${theme}`);
      const row = page.locator('tr[data-status="dropped"]').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${scenario.droppedFact.key}`) }) });
      await row.waitFor();
      expect(await page.getByRole('navigation').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(theme === 'dark');
      expect(await page.getByRole('link', { name: 'Open in Baton' }).getAttribute('href')).toBe(
        `/traces/${scenario.droppedFact.traceId}?handoff=${encodeURIComponent(scenario.droppedFact.handoffId)}`,
      );
      await screenshot(page, `embed-handoff-${theme}`);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('say so when the handoff does not exist', async () => {
    const { page, problems } = await open(`/embed/handoffs/${encodeURIComponent('no-such:handoff>x')}`);
    await page.getByText('Handoff not found').waitFor();
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
  });
});
