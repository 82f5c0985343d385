import { afterAll, describe, expect, it } from 'vitest';
import type { TraceList } from '@/lib/schemas/api';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { newDataDir, spawnBaton, startBaton, type BatonProcess } from '@/tests/helpers/server';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * An acknowledged span is on disk: kill the server with SIGKILL right after
 * the acknowledgements, restart it on the same data directory, and every
 * acknowledged span is there. Also: SIGTERM drains cleanly, and a second
 * Baton on the same directory refuses to start.
 */

const dataDir = newDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Acked {
  traceId: string;
  spans: number;
}

/** Starts sending one trace per session, concurrently; each promise settles with its acknowledgement. */
function startSending(baton: BatonProcess, sessions: string[]): Promise<Acked>[] {
  return sessions.map(async (session, i) => {
    const otel = otelHarness(baton.otlpUrl, i % 2 === 0 ? 'http/protobuf' : 'http/json', 'durable');
    const ids = emitTriageTrace(otel.tracer, session);
    try {
      await otel.flush(); // resolves only once the receiver answered 200 for every span
    } finally {
      await otel.shutdown().catch(() => undefined);
    }
    return { traceId: ids.traceId, spans: ids.spanIds.length };
  });
}

async function acknowledged(sends: Promise<Acked>[]): Promise<Acked[]> {
  const results = await Promise.allSettled(sends);
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

async function allTraces(baton: BatonProcess): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let cursor = '';
  do {
    const page = await baton.api<TraceList>(`/api/v1/traces?limit=200&from=${Date.now() - 3_600_000}${cursor ? `&cursor=${cursor}` : ''}`);
    for (const t of page.body.traces) found.set(t.traceId, t.spans);
    cursor = page.body.nextCursor ?? '';
  } while (cursor);
  return found;
}

describe('durability', () => {
  let acked: Acked[] = [];

  it('keeps every acknowledged span across SIGKILL', async () => {
    const first = await startBaton({ dataDir });
    acked = await acknowledged(startSending(first, Array.from({ length: 24 }, (_, i) => `kill-${i}`)));
    expect(acked).toHaveLength(24);
    await first.kill();

    const second = await startBaton({ dataDir });
    const found = await allTraces(second);
    for (const { traceId, spans } of acked) expect(found.get(traceId), traceId).toBe(spans);
    expect(await second.stop()).toBe(0);
  });

  it('refuses a second Baton on the same data directory with a clear message', async () => {
    const first = await startBaton({ dataDir });
    try {
      const second = spawnBaton({ BATON_DATA_DIR: dataDir, PORT: '0', BATON_OTLP_HTTP_PORT: '0' });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`The data directory ${dataDir} is already in use by another Baton (process ${first.child.pid})`);
      // The first one is unharmed.
      expect((await first.api('/readyz')).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }
  });

  it('starts whatever live process a stale pid file names: the store lock decides', async () => {
    const dir = newDataDir();
    try {
      // As after a container restart: the engine's status file (and an old Baton's pid file) name a live process that is not a Baton (here, this test's own).
      const seeded = await startBaton({ dataDir: dir });
      await seeded.kill();
      writeFileSync(path.join(dir, 'status'), `PID: ${process.pid}\nStarted at: 2026-01-01 00:00:00\nRevision: 54513\n`);
      writeFileSync(path.join(dir, 'baton.pid'), `${process.pid}\n`);
      const baton = await startBaton({ dataDir: dir });
      expect((await baton.api('/readyz')).status).toBe(200);
      expect(await baton.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drains in-flight exports on SIGTERM and exits 0', async () => {
    const baton = await startBaton({ dataDir });
    const sends = startSending(baton, Array.from({ length: 16 }, (_, i) => `term-${i}`));
    await Promise.any(sends); // some acknowledged, others still in flight
    const exit = baton.stop();
    const settled = await acknowledged(sends);
    expect(await exit).toBe(0);
    // Exports still arriving after the receiver closed are refused (the exporter retries elsewhere);
    // the ones answered before it closed must all be on disk.
    expect(settled.length).toBeGreaterThan(0);
    expect(baton.output()).toContain('"msg":"stopped"');

    const after = await startBaton({ dataDir });
    const found = await allTraces(after);
    for (const { traceId, spans } of [...acked, ...settled]) expect(found.get(traceId), traceId).toBe(spans);
    expect(await after.stop()).toBe(0);
  });
});
