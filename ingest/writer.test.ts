import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexId, makeEvent, makeSpan, makeTraces } from '@/tests/helpers/factories';
import { select, tempStore } from '@/tests/helpers/temp-store';
import type { Store } from '@/lib/db/store';
import { rowOptions, toRows, type RowBatch } from './rows';
import { QueueFullError, StoreWriteError, Writer, type CommitStats } from './writer';

let store: Store;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
});
afterAll(() => cleanup());

/** A batch of `n` spans of one fresh trace. */
function batch(trace: number, n: number): RowBatch {
  const spans = Array.from({ length: n }, (_, i) =>
    makeSpan({
      traceId: hexId(trace, 16),
      spanId: hexId(i + 1, 8),
      events: i === 0 ? [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': '{"k":1}' })] : [],
    }),
  );
  return toRows(makeTraces(spans), rowOptions(30));
}

async function count(traceFrom: number, traceTo: number): Promise<number> {
  const ids = Array.from({ length: traceTo - traceFrom + 1 }, (_, i) => hexId(traceFrom + i, 16));
  const [row] = await select<{ n: string }>(store, 'SELECT count() AS n FROM (SELECT DISTINCT trace_id, span_id FROM spans WHERE trace_id IN {ids:Array(String)})', { ids });
  return Number(row?.n);
}

describe('group commit', () => {
  it('coalesces concurrent requests into few inserts and answers each after its rows are written', async () => {
    const commits: CommitStats[] = [];
    const writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 16 << 20, onCommit: (s) => commits.push(s) });
    const writes = Array.from({ length: 40 }, (_, i) => writer.write(batch(1000 + i, 20)).then(() => count(1000 + i, 1000 + i)));
    const seenAtAck = await Promise.all(writes);
    expect(seenAtAck.every((n) => n === 20)).toBe(true);
    expect(commits.reduce((n, c) => n + c.requests, 0)).toBe(40);
    expect(commits.length).toBeLessThan(40);
    await writer.close();
  });

  it('refuses work past the queue bound instead of buffering it, and writes what it accepted', async () => {
    const one = batch(2000, 50);
    const writer = new Writer(store, { maxQueueBytes: one.bytes * 2, maxBatchBytes: one.bytes });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => writer.write(batch(2000 + i, 50))));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason instanceof QueueFullError)).toBe(true);
    for (const [i, r] of results.entries()) expect(await count(2000 + i, 2000 + i)).toBe(r.status === 'fulfilled' ? 50 : 0);
    await writer.close();
  });

  it('fails every request while the store cannot write, says so, and recovers without traffic', async () => {
    const writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, probeMs: 100 });
    await store.client.command({ query: 'RENAME TABLE spans TO spans_away' });
    try {
      const results = await Promise.allSettled([writer.write(batch(3000, 5)), writer.write(batch(3001, 5))]);
      expect(results.every((r) => r.status === 'rejected' && r.reason instanceof StoreWriteError && r.reason.kind === 'unavailable')).toBe(true);
      expect(writer.health).toMatchObject({ writable: false, reason: 'ClickHouse error 60 UNKNOWN_TABLE' });
    } finally {
      await store.client.command({ query: 'RENAME TABLE spans_away TO spans' });
    }
    expect(await count(3000, 3001)).toBe(0);
    // The probe finds the store writable again before any request comes.
    await expect.poll(() => writer.health.writable, { timeout: 5_000 }).toBe(true);
    await writer.write(batch(3000, 5));
    expect(await count(3000, 3000)).toBe(5);
    await writer.close();
  });

  it("fails only the request whose rows the store refuses, and tells no one the other requests' data", async () => {
    const writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
    const good = Array.from({ length: 6 }, (_, i) => batch(6000 + i, 4));
    // Rows that slipped past validation: an end time ClickHouse cannot parse.
    const poison = batch(6100, 3);
    poison.spans = Buffer.from(poison.spans.toString('utf8').replaceAll(/"\d{19}",(\d+),"unset"/g, '"0",$1,"unset"'));
    const results = await Promise.allSettled([...good.slice(0, 3), poison, ...good.slice(3)].map((b) => writer.write(b)));
    const [refused] = results.splice(3, 1);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await count(6000, 6005)).toBe(24);
    expect(refused?.status).toBe('rejected');
    const error = (refused as PromiseRejectedResult).reason as StoreWriteError;
    expect(error.kind).toBe('data');
    expect(error.message).toBe("the store refused this request's data (ClickHouse error 41 CANNOT_PARSE_DATETIME (column end_time)); nothing of it was written");
    await writer.close();
  });

  it('writes what is queued before close resolves, then refuses new work', async () => {
    const writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 1024 });
    const pending = Array.from({ length: 10 }, (_, i) => writer.write(batch(4000 + i, 10)));
    await writer.close();
    await Promise.all(pending);
    expect(await count(4000, 4009)).toBe(100);
    await expect(writer.write(batch(4100, 1))).rejects.toThrow(/shutting down/);
  });

  it('stores each snapshot body once however often it is sent', async () => {
    const writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
    await Promise.all([writer.write(batch(5000, 3)), writer.write(batch(5001, 3))]);
    await writer.write(batch(5002, 3));
    const [row] = await select<{ n: string }>(store, 'SELECT count() AS n FROM snapshot_bodies FINAL');
    expect(Number(row?.n)).toBe(1);
    await writer.close();
  });
});
