import { afterAll, describe, expect, it } from 'vitest';
import { plannerFixture } from '@/tests/helpers/sdk-spans';
import { MalformedPayloadError } from './otlp/types';
import { rowSlices } from './row-job';
import { RowWorkers } from './row-workers';
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

  it('refuse work once closed', async () => {
    const pool = new RowWorkers(1);
    await pool.close();
    await expect(pool.build({ signal: 'traces', body: Buffer.from(fixture.protobuf), encoding: 'protobuf', opts })).rejects.toThrow(/closed/);
  });
});
