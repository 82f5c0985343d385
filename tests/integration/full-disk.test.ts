import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReadable, startGoodTraffic } from '@/tests/helpers/good-traffic';
import { jsonTraces } from '@/tests/helpers/hostile-otlp';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * A full disk, for real: Baton's data directory on a small filesystem of its
 * own (a tmpfs this test mounts), filled up while Baton runs. Exports are
 * answered 503 (retryable) and nothing acknowledged is lost; /readyz says the
 * store cannot write; the error is logged once with a count, not per
 * request; once space is back, Baton notices without traffic and takes
 * exports again. Mounting needs root: where the machine does not allow it,
 * the test says so and is skipped.
 */

const mountPoint = mkdtempSync(path.join(tmpdir(), 'baton-small-fs-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('full-disk test skipped: this machine does not allow mounting a small filesystem');
    return false;
  }
})();

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  rmSync(mountPoint, { recursive: true, force: true });
});

const filler = path.join(mountPoint, 'filler');

/** Writes zeros until the filesystem refuses more. */
function fillUp(): void {
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

const post = (baton: BatonProcess) =>
  fetch(`${baton.otlpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: jsonTraces([{ traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), name: 'while full', startTimeUnixNano: `${Date.now()}000000` }]),
  });

describe.skipIf(!mounted)('a full disk', () => {
  let baton: BatonProcess;
  beforeAll(async () => {
    baton = await startBaton({ dataDir: path.join(mountPoint, 'data') });
  });
  afterAll(async () => {
    await baton.kill();
  });

  it('is answered 503, reported by /readyz and logged once, and recovered from without losing what was acknowledged', async () => {
    const before = await startGoodTraffic(baton, 'before-full', 3).finish();
    await expectReadable(baton, before);
    fillUp();

    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await post(baton));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 503));
    expect(Number(answers[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const message = ((await answers[0]!.json()) as { message: string }).message;
    expect(message).toMatch(/^the store could not write \(ClickHouse error \d+/);
    const ready = await baton.api<{ status: string; reason: string }>('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.reason).toMatch(/^the store cannot write: ClickHouse error/);
    // Twenty failed writes, one log line (the count follows when the minute is up, or at shutdown).
    expect(baton.output().match(/"msg":"write failed"/g)).toHaveLength(1);

    rmSync(filler);
    // No traffic needed: the writer's probe finds the store writable again.
    await expect.poll(async () => (await baton.api('/readyz')).status, { timeout: 20_000, interval: 500 }).toBe(200);
    expect((await post(baton)).status).toBe(200);
    const after = await startGoodTraffic(baton, 'after-full', 3).finish();
    await expectReadable(baton, [...before, ...after]);
    expect(await baton.stop()).toBe(0);
    expect(baton.output()).toMatch(/"msg":"write failed".*"repeated":\d+/);
  });
});
