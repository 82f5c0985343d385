import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerFixture } from '@/tests/helpers/sdk-spans';
import { select, tempStore } from '@/tests/helpers/temp-store';
import type { Store } from '@/lib/db/store';
import { startOtlpHttpReceiver } from './http-receiver';
import { Writer } from './writer';

/** The receiver in-process on a real store, for the failure that needs the store to break: 503. */

let store: Store;
let cleanup: () => Promise<void>;
let server: Server;
let writer: Writer;
let url: string;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
  server = await startOtlpHttpReceiver(0, '127.0.0.1', { writer, maxBodyBytes: 1 << 20, retentionDays: 30, ingestKeys: [] });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await writer.close();
  await cleanup();
});

describe('when the store cannot take the write', () => {
  it('answers 503 with Retry-After and acknowledges nothing; the retry succeeds', async () => {
    const fixture = plannerFixture();
    const body = new Uint8Array(fixture.protobuf);
    await store.client.command({ query: 'RENAME TABLE spans TO spans_away' });
    let failed: Response;
    try {
      failed = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body });
    } finally {
      await store.client.command({ query: 'RENAME TABLE spans_away TO spans' });
    }
    expect(failed.status).toBe(503);
    expect(Number(failed.headers.get('retry-after'))).toBeGreaterThan(0);
    const retried = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body });
    expect(retried.status).toBe(200);
    const rows = await select<{ span_id: string }>(store, 'SELECT span_id FROM spans ORDER BY span_id');
    expect(rows.map((r) => r.span_id)).toEqual(fixture.spans.map((s) => s.spanContext().spanId).sort());
  });
});
