import type { Page } from 'playwright-core';
import type { TraceDetail } from '@/lib/schemas/api';
import { bigTrace, sendBigTrace } from '@/tests/helpers/big-trace';
import { launchBrowser } from '@/tests/helpers/browser';
import { startBaton } from '@/tests/helpers/server';

/**
 * UI benchmark: a 10,000-span agent trace in a real Baton, opened in
 * Chromium. Measures the trace API's answer time, the time from navigation
 * start until the waterfall's rows and the agent chain are on screen, the
 * time to jump to the last span, and frame times while sweeping through the
 * whole waterfall.
 */

export interface UiResult {
  spans: number;
  agents: number;
  responseMiB: number;
  apiMs: { min: number; p50: number; max: number };
  /** Navigation start → waterfall rows and chain rendered, per page load (first one with a cold browser cache). */
  interactiveMs: number[];
  /** Scroll to the bottom → the last span's row rendered. */
  scrollToEndMs: number[];
  /** Frame times while sweeping the waterfall top to bottom in 60 steps. */
  sweepFrameMs: { p50: number; p95: number; max: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resolves (in the page) with performance.now() at the first frame where rows and every chain node are visible. */
function readyAt(page: Page, agents: number): Promise<number> {
  return page.evaluate(
    (nodes) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const check = () => {
          const rows = document.querySelectorAll('[role="table"][aria-label="Spans"] [role="row"]').length;
          const drawn = [...document.querySelectorAll('.react-flow__node')].filter((n) => getComputedStyle(n).visibility !== 'hidden').length;
          if (rows > 0 && drawn === nodes && document.querySelector('.react-flow__edge-path')) resolve(performance.now());
          else if (performance.now() - started > 60_000) reject(new Error(`not ready: ${rows} rows, ${drawn} nodes`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    agents,
  );
}

/** In the page: scroll the waterfall to the bottom and time until the last span's row is rendered. */
function scrollToEnd(page: Page, lastName: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const scroller = document.querySelector<HTMLElement>('[role="table"][aria-label="Spans"]');
        if (!scroller) return reject(new Error('no waterfall'));
        scroller.scrollTop = 0;
        requestAnimationFrame(() => {
          const t0 = performance.now();
          scroller.scrollTop = scroller.scrollHeight;
          const check = () => {
            const found = [...scroller.querySelectorAll('[role="row"]')].some((r) => r.textContent?.includes(name));
            if (found) resolve(performance.now() - t0);
            else if (performance.now() - t0 > 10_000) reject(new Error('last span never rendered'));
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        });
      }),
    lastName,
  );
}

/** In the page: frame-to-frame times while the waterfall is scrolled top to bottom in 60 steps, one per frame. */
function sweep(page: Page): Promise<number[]> {
  return page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const scroller = document.querySelector<HTMLElement>('[role="table"][aria-label="Spans"]')!;
        const max = scroller.scrollHeight - scroller.clientHeight;
        const frames: number[] = [];
        let step = 0;
        let last = performance.now();
        const next = () => {
          const now = performance.now();
          if (step > 0) frames.push(now - last);
          last = now;
          if (step > 60) return resolve(frames);
          scroller.scrollTop = (max * step) / 60;
          step++;
          requestAnimationFrame(next);
        };
        requestAnimationFrame(next);
      }),
  );
}

export async function runUiBench(options: { spans: number; loads: number }): Promise<UiResult> {
  const baton = await startBaton({ env: { BATON_CHECK_RESPONSES: '0' } });
  const browser = await launchBrowser();
  try {
    const trace = bigTrace({ spans: options.spans });
    await sendBigTrace(baton.otlpUrl, trace);
    await until('analysis of the big trace', async () => {
      const res = await baton.api<TraceDetail>(`/api/v1/traces/${trace.traceId}`);
      return res.status === 200 && res.body.handoffs.length === trace.agents - 1 ? true : undefined;
    });
    const apiTimes: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 11; i++) {
      const t0 = performance.now();
      const res = await fetch(`${baton.uiUrl}/api/v1/traces/${trace.traceId}`);
      const body = await res.arrayBuffer();
      if (i > 0) apiTimes.push(performance.now() - t0); // the first request warms the route
      bytes = body.byteLength;
    }
    const interactive: number[] = [];
    const scroll: number[] = [];
    let frames: number[] = [];
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    for (let i = 0; i < options.loads; i++) {
      const page = await context.newPage();
      await page.goto(`${baton.uiUrl}/traces/${trace.traceId}`, { waitUntil: 'commit' });
      interactive.push(await readyAt(page, trace.agents));
      scroll.push(await scrollToEnd(page, trace.lastSpanName));
      if (i === options.loads - 1) frames = await sweep(page);
      await page.close();
    }
    await context.close();
    return {
      spans: trace.spans,
      agents: trace.agents,
      responseMiB: bytes / 1024 / 1024,
      apiMs: { min: Math.min(...apiTimes), p50: median(apiTimes), max: Math.max(...apiTimes) },
      interactiveMs: interactive,
      scrollToEndMs: scroll,
      sweepFrameMs: { p50: quantile(frames, 0.5), p95: quantile(frames, 0.95), max: Math.max(...frames) },
    };
  } finally {
    await browser.close();
    await baton.stop();
    baton.cleanup();
  }
}
