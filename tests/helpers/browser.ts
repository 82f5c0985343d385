import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no browser download). The
 * flags are the ones that work in a closed network without a sandbox.
 */

const EXECUTABLE = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'test-results');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(`Chromium not found at ${EXECUTABLE}: install it (apt-get install -y chromium) or set BATON_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: EXECUTABLE,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page that records console errors, page errors, Content-Security-Policy
 * violations and dialogs (which must never open).
 */
export async function watchedPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  const problems: string[] = [];
  await watchCsp(page, problems);
  // Chromium's "Failed to load resource" console error does not say which: remember the failed responses.
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (!text.startsWith('Failed to load resource')) return void problems.push(`console: ${text}`);
    // The console message can come before the response event: name the failed responses a moment later.
    const at = problems.push(`console: ${text} [no failed response seen yet]`) - 1;
    setTimeout(() => (problems[at] = `console: ${text} [${failed.join('; ') || 'no failed response seen'}]`), 250);
  });
  page.on('requestfailed', (r) => failed.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText ?? ''}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  return { page, problems };
}

/**
 * Records every `securitypolicyviolation` of the page (the directive and what
 * it blocked) in `problems`. The listener is injected by the browser itself,
 * so the page's own policy does not apply to it.
 */
export async function watchCsp(page: Page, problems: string[]): Promise<void> {
  await page.exposeFunction('__batonCspViolation', (v: string) => void problems.push(`csp violation: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __batonCspViolation: (v: string) => void }).__batonCspViolation;
      report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
