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

export interface FrameTimes {
  p50: number;
  p95: number;
  max: number;
}

const frameTimes = (xs: number[]): FrameTimes => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });

export interface UiResult {
  spans: number;
  agents: number;
  responseMiB: number;
  apiMs: { min: number; p50: number; max: number };
  /** Navigation start → waterfall rows and chain rendered, per page load (first one with a cold browser cache). */
  interactiveMs: number[];
  /** Of which: navigation start → the trace's API response fully received. */
  apiDoneMs: number[];
  /** Scroll to the bottom → the last span's row rendered. */
  scrollToEndMs: number[];
  /** Frame times while sweeping the waterfall top to bottom in 60 steps. */
  sweepFrameMs: FrameTimes;
  /** Frame times while scrolling 120 px a frame (a fast mouse wheel). */
  wheelFrameMs: FrameTimes;
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

/*
 * The in-page measurements are plain JavaScript text: tsx compiles this file
 * with helpers (`__name`) that do not exist in the page.
 */

/** Resolves (in the page) with performance.now() at the first frame where rows and every chain node are visible. */
const READY_AT = `(nodes) => new Promise((resolve, reject) => {
  const started = performance.now();
  const check = () => {
    const rows = document.querySelectorAll('[role="table"][aria-label="Spans"] [role="row"]').length;
    const drawn = [...document.querySelectorAll('.react-flow__node')].filter((n) => getComputedStyle(n).visibility !== 'hidden').length;
    if (rows > 0 && drawn === nodes && document.querySelector('.react-flow__edge-path')) resolve(performance.now());
    else if (performance.now() - started > 60000) reject(new Error('not ready: ' + rows + ' rows, ' + drawn + ' nodes'));
    else requestAnimationFrame(check);
  };
  check();
})`;

/** In the page: scroll the waterfall to the bottom and time until the last span's row is rendered. */
const SCROLL_TO_END = `(name) => new Promise((resolve, reject) => {
  const scroller = document.querySelector('[role="table"][aria-label="Spans"]');
  if (!scroller) return reject(new Error('no waterfall'));
  scroller.scrollTop = 0;
  requestAnimationFrame(() => {
    const t0 = performance.now();
    scroller.scrollTop = scroller.scrollHeight;
    const check = () => {
      const found = [...scroller.querySelectorAll('[role="row"]')].some((r) => (r.textContent || '').includes(name));
      if (found) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 10000) reject(new Error('last span never rendered'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
})`;

/**
 * In the page: frame-to-frame times while the waterfall scrolls one step per
 * frame: `px` pixels a step for 120 frames (a fast wheel), or with px null,
 * top to bottom in 60 steps (every row replaced every frame).
 */
const SWEEP = `(px) => new Promise((resolve) => {
  const scroller = document.querySelector('[role="table"][aria-label="Spans"]');
  const max = scroller.scrollHeight - scroller.clientHeight;
  const steps = px === null ? 60 : 120;
  scroller.scrollTop = 0;
  const frames = [];
  let step = 0;
  let last = performance.now();
  const next = () => {
    const now = performance.now();
    if (step > 0) frames.push(now - last);
    last = now;
    if (step > steps) return resolve(frames);
    scroller.scrollTop = px === null ? (max * step) / steps : px * step;
    step++;
    requestAnimationFrame(next);
  };
  requestAnimationFrame(next);
})`;

/** In the page: when the trace's API response had fully arrived (ms since navigation start). */
const API_DONE = `() => (performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/traces/')) || { responseEnd: 0 }).responseEnd`;

const inPage = <T>(page: Page, fn: string, arg?: unknown): Promise<T> => page.evaluate(`(${fn})(${JSON.stringify(arg ?? null)})`) as Promise<T>;

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
    const apiDone: number[] = [];
    const scroll: number[] = [];
    let frames: number[] = [];
    let wheel: number[] = [];
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    for (let i = 0; i < options.loads; i++) {
      const page = await context.newPage();
      await page.goto(`${baton.uiUrl}/traces/${trace.traceId}`, { waitUntil: 'commit' });
      interactive.push(await inPage<number>(page, READY_AT, trace.agents));
      apiDone.push(await inPage<number>(page, API_DONE));
      scroll.push(await inPage<number>(page, SCROLL_TO_END, trace.lastSpanName));
      if (i === options.loads - 1) {
        frames = await inPage<number[]>(page, SWEEP, null);
        wheel = await inPage<number[]>(page, SWEEP, 120);
      }
      await page.close();
    }
    await context.close();
    return {
      spans: trace.spans,
      agents: trace.agents,
      responseMiB: bytes / 1024 / 1024,
      apiMs: { min: Math.min(...apiTimes), p50: median(apiTimes), max: Math.max(...apiTimes) },
      interactiveMs: interactive,
      apiDoneMs: apiDone,
      scrollToEndMs: scroll,
      sweepFrameMs: frameTimes(frames),
      wheelFrameMs: frameTimes(wheel),
    };
  } finally {
    await browser.close();
    await baton.stop();
    baton.cleanup();
  }
}
