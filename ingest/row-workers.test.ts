import { afterAll, describe, expect, it } from 'vitest';
import { plannerFixture } from '@/tests/helpers/sdk-spans';
import { MalformedPayloadError } from './otlp/types';
import { rowSlices } from './row-job';
import { LARGE_BYTES, RowWorkers } from './row-workers';
import { tracesProtobuf } from '@/tests/helpers/hostile-otlp';
import { rowOptions } from './rows';
import { runSync } from './slices';

/** Real worker threads (TypeScript through tsx, as in production) against the same job built on this thread. */

const workers = new RowWorkers(2);
afterAll(() => workers.close());

const opts = rowOptions(30);
const fixture = plannerFixture();

describe('row workers', () => {
  it('build exactly the rows the event loop builds, for both encodings', async () => {
    for (const [encoding, bytes] of [['protobuf', fixture.protobuf], ['json', fixture.json]] as const) {
      const job = { signal: 'traces' as const, body: Buffer.from(bytes), encoding, opts };
      const inline = runSync(rowSlices(job));
      const built = await workers.build(job);
      expect(built.accepted).toBeGreaterThan(0);
      expect(built.spans.equals(inline.spans)).toBe(true);
      expect(built.traces.equals(inline.traces)).toBe(true);
      expect(built.snapshots.equals(inline.snapshots)).toBe(true);
      expect(Buffer.isBuffer(built.spans)).toBe(true);
      expect({ ...built, spans: 0, traces: 0, snapshots: 0 }).toEqual({ ...inline, spans: 0, traces: 0, snapshots: 0 });
    }
  });

  it('leave the caller its body: the worker gets a copy', async () => {
    const body = Buffer.from(fixture.protobuf);
    await workers.build({ signal: 'traces', body, encoding: 'protobuf', opts });
    expect(body.equals(Buffer.from(fixture.protobuf))).toBe(true);
  });

  it('reject undecodable input as malformed, with the decoder message', async () => {
    const job = { signal: 'traces' as const, body: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), encoding: 'protobuf' as const, opts };
    const expected = (() => {
      try {
        runSync(rowSlices(job));
      } catch (err) {
        return err as Error;
      }
    })();
    expect(expected).toBeInstanceOf(MalformedPayloadError);
    const err = await workers.build(job).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedPayloadError);
    expect((err as Error).message).toBe(expected?.message);
  });

  it('replace a worker that stops, failing only the jobs it held', async () => {
    const pool = new RowWorkers(1);
    try {
      const job = { signal: 'traces' as const, body: Buffer.from(fixture.protobuf), encoding: 'protobuf' as const, opts };
      await pool.build(job);
      const thread = (pool as unknown as { threads: { worker: { terminate(): Promise<number> } }[] }).threads[0];
      const held = pool.build(job);
      await thread?.worker.terminate();
      // The held job either finished before the stop or failed with it; it never hangs.
      await held.then(
        (b) => expect(b.accepted).toBeGreaterThan(0),
        (e: unknown) => expect(String(e)).toMatch(/row worker exited/),
      );
      const after = await pool.build(job);
      expect(after.accepted).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('take small requests before large ones waiting, so a small export never waits behind a queue of large ones', async () => {
    const pool = new RowWorkers(1);
    try {
      const now = `${Date.now()}000000`;
      const spans = (n: number) => Array.from({ length: n }, (_, i) => ({ traceId: 'ab'.repeat(16), spanId: (i + 1).toString(16).padStart(16, '0'), name: 'x'.repeat(40), startNs: now }));
      const large = { signal: 'traces' as const, body: tracesProtobuf(spans(20_000)), encoding: 'protobuf' as const, opts };
      expect(large.body.length).toBeGreaterThanOrEqual(LARGE_BYTES);
      const small = { signal: 'traces' as const, body: Buffer.from(fixture.protobuf), encoding: 'protobuf' as const, opts };
      const order: string[] = [];
      const done = (name: string) => (b: { accepted: number }) => order.push(`${name}:${b.accepted}`);
      const jobs = [pool.build(large).then(done('large 1')), pool.build(large).then(done('large 2')), pool.build(large).then(done('large 3')), pool.build(small).then(done('small'))];
      await Promise.all(jobs);
      // The first large request was already in the worker; the small one goes next.
      expect(order.map((o) => o.split(':')[0])).toEqual(['large 1', 'small', 'large 2', 'large 3']);
      expect(order[0]).toBe('large 1:20000');
    } finally {
      await pool.close();
    }
  });

  it('refuse work once closed', async () => {
    const pool = new RowWorkers(1);
    await pool.close();
    await expect(pool.build({ signal: 'traces', body: Buffer.from(fixture.protobuf), encoding: 'protobuf', opts })).rejects.toThrow(/closed/);
  });
});
