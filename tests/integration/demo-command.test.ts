import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionList } from '@/lib/schemas/sessions';
import { freePort, newDataDir } from '@/tests/helpers/server';

/**
 * `npm run demo` (scripts/demo.mjs): Baton as `npm start` runs it, plus the
 * simulator: a history that the sessions API shows at once, then live
 * traffic; SIGTERM stops both cleanly. A second start on the same data
 * directory does not send the history again.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dataDir = newDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startDemo(port: number, otlpPort: number) {
  let output = '';
  // What `npm run demo` runs (npm itself does not pass SIGTERM on to its script).
  const child = spawn(process.execPath, ['scripts/demo.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), BATON_OTLP_HTTP_PORT: String(otlpPort), BATON_OTLP_GRPC_PORT: '0', BATON_DATA_DIR: dataDir, BATON_HOST: '127.0.0.1', BATON_OTLP_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

async function until<T>(what: string, output: () => string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm run demo', () => {
  it('is the demo script', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toBe('node scripts/demo.mjs');
  });

  it('starts Baton with a history of sessions and live traffic, and stops on SIGTERM', async () => {
    const [port, otlpPort] = [await freePort(), await freePort()];
    const demo = startDemo(port, otlpPort);
    try {
      const from = Date.now() - 15 * 86_400_000;
      const sessions = await until('the demo history in the sessions API', demo.output, async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/sessions?from=${from}&limit=200`);
        const list = (await res.json()) as SessionList;
        const history = list.sessions.filter((s) => s.sessionId.startsWith('sim-1-'));
        return history.length >= 60 ? list.sessions : undefined;
      });
      expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(sessions.length);
      expect(sessions.some((s) => s.handoffs > 0)).toBe(true);
      expect(demo.output()).toMatch(/demo: sent a history of 60 sessions over the last 14 days/);
      // The URL to open: the overview over that history, answered by the running Baton.
      const open = /demo: open (http:\/\/\S+) in a browser/.exec(demo.output())?.[1];
      expect(open).toBe(`http://127.0.0.1:${port}/?from=now-14d&to=now`);
      expect((await fetch(open!, { redirect: 'manual' })).status).toBeLessThan(400);
      await until('live traffic starting', demo.output, async () => (demo.output().includes('demo: sending live traffic') ? true : undefined));
    } finally {
      demo.child.kill('SIGTERM');
    }
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toContain('"msg":"stopped"');
    expect(demo.output()).not.toMatch(/demo: the simulator stopped/);
  });

  it('does not send the history again to a store that holds it', async () => {
    const [port, otlpPort] = [await freePort(), await freePort()];
    const demo = startDemo(port, otlpPort);
    try {
      await until('the demo to find its history', demo.output, async () => (demo.output().includes('demo: the demo history is already stored') ? true : undefined));
    } finally {
      demo.child.kill('SIGTERM');
    }
    expect(await demo.exited).toBe(0);
    expect(demo.output()).not.toMatch(/demo: sent a history/);
  });
});
