import { gzipSync } from 'node:zlib';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerFixture } from '@/tests/helpers/sdk-spans';
import { decodeTraceResponse, rawGrpcClient, retryDelaySeconds, traceRequest, type RawGrpcClient } from '@/tests/helpers/grpc';
import { select, tempStore } from '@/tests/helpers/temp-store';
import type { Store } from '@/lib/db/store';
import { ByteBudget } from './byte-budget';
import { startOtlpGrpcReceiver, type OtlpGrpcReceiver } from './grpc-receiver';
import { Writer } from './writer';

/**
 * The OTLP/gRPC receiver in-process on a real store, for the answers that need
 * the store broken or the queue overflowing, and the message limits. The real
 * exporters against the real server are in tests/integration/otlp-grpc.test.ts.
 */

const MAX_BODY = 1 << 20;
let store: Store;
let cleanup: () => Promise<void>;
let writer: Writer;
let receiver: OtlpGrpcReceiver;
let client: RawGrpcClient;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
  receiver = await startOtlpGrpcReceiver(0, '127.0.0.1', { writer, budget: new ByteBudget(64 << 20), maxBodyBytes: MAX_BODY, retentionDays: 30, ingestKeys: [] });
  client = rawGrpcClient(`127.0.0.1:${receiver.port}`);
});
afterAll(async () => {
  client.close();
  await receiver.close();
  await writer.close();
  await cleanup();
});

const spanIds = async (traceId: string) =>
  (await select<{ span_id: string }>(store, 'SELECT DISTINCT span_id FROM spans WHERE trace_id = {t:String} ORDER BY span_id', { t: traceId })).map((r) => r.span_id);

describe('OTLP/gRPC receiver', () => {
  it('answers after the rows are written, with an empty ExportTraceServiceResponse', async () => {
    const fixture = plannerFixture();
    const answer = await client.call(fixture.protobuf);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(decodeTraceResponse(answer.body)).toEqual({});
    const traceId = fixture.spans[0]!.spanContext().traceId;
    expect(await spanIds(traceId)).toEqual(fixture.spans.map((s) => s.spanContext().spanId).sort());
  });

  it('answers partial success for spans it cannot store', async () => {
    const good = traceRequest('1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f', 2);
    const bad = traceRequest('00000000000000000000000000000000', 1);
    const answer = await client.call(Buffer.concat([good, bad])); // repeated field: the two requests' spans merge
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(decodeTraceResponse(answer.body).partialSuccess).toEqual({ rejectedSpans: 1, errorMessage: expect.stringMatching(/^1 span\(s\) rejected: invalid trace id "0{32}"/) });
    expect(await spanIds('1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f')).toHaveLength(2);
  });

  it('answers INVALID_ARGUMENT for a message that is not an ExportTraceServiceRequest', async () => {
    const answer = await client.call(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe(status.INVALID_ARGUMENT);
    expect(answer.error.details).toMatch(/not a valid ExportTraceServiceRequest protobuf/);
    expect(retryDelaySeconds(answer.error)).toBeUndefined();
  });

  it('refuses a message over the limit with RESOURCE_EXHAUSTED and no RetryInfo, compressed or not', async () => {
    const big = traceRequest('2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e', 1, { padding: MAX_BODY });
    const plain = await client.call(big);
    expect(plain.ok).toBe(false);
    if (plain.ok) return;
    expect(plain.error.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(retryDelaySeconds(plain.error)).toBeUndefined();

    const zipped = rawGrpcClient(`127.0.0.1:${receiver.port}`, undefined, { gzip: true });
    try {
      expect(gzipSync(big).length).toBeLessThan(MAX_BODY / 100);
      const bomb = await zipped.call(big);
      expect(bomb.ok).toBe(false);
      if (bomb.ok) return;
      expect(bomb.error.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(bomb.error.details).toMatch(/decompresses to a size larger than/);
      // The same connection still serves calls within the limit.
      const small = await zipped.call(traceRequest('2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e', 3, { padding: 1000 }));
      expect(small.ok).toBe(true);
    } finally {
      zipped.close();
    }
    expect(await spanIds('2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e')).toHaveLength(3);
  });

  it('answers UNAVAILABLE with RetryInfo when the store cannot write, and acknowledges nothing; the retry succeeds', async () => {
    const body = traceRequest('3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d', 4);
    await store.client.command({ query: 'RENAME TABLE spans TO spans_away' });
    let failed;
    try {
      failed = await client.call(body);
    } finally {
      await store.client.command({ query: 'RENAME TABLE spans_away TO spans' });
    }
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.code).toBe(status.UNAVAILABLE);
    expect(failed.error.details).toBe("the store could not write (ClickHouse error 60 UNKNOWN_TABLE); retry later");
    expect(retryDelaySeconds(failed.error)).toBe(2);
    expect(await spanIds('3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d')).toEqual([]);
    expect((await client.call(body)).ok).toBe(true);
    expect(await spanIds('3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d')).toHaveLength(4);
  });
});

describe('a full write queue', () => {
  it('answers RESOURCE_EXHAUSTED with RetryInfo, and keeps every span it acknowledged', async () => {
    const small = new Writer(store, { maxQueueBytes: 4096, maxBatchBytes: 64 << 20 });
    const tight = await startOtlpGrpcReceiver(0, '127.0.0.1', { writer: small, budget: new ByteBudget(64 << 20), maxBodyBytes: MAX_BODY, retentionDays: 30, ingestKeys: [] });
    const c = rawGrpcClient(`127.0.0.1:${tight.port}`);
    try {
      const traceIds = Array.from({ length: 40 }, (_, i) => `${(i + 1).toString(16).padStart(8, '0')}${'4c'.repeat(12)}`);
      const answers = await Promise.all(traceIds.map((id) => c.call(traceRequest(id, 30, { padding: 200 }))));
      const refused = answers.flatMap((a) => (a.ok ? [] : [a.error]));
      expect(refused.length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.ok).length).toBeGreaterThan(0);
      for (const error of refused) {
        expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
        expect(error.details).toMatch(/write queue is full/);
        expect(retryDelaySeconds(error)).toBe(1);
      }
      for (const [i, a] of answers.entries()) expect(await spanIds(traceIds[i]!)).toHaveLength(a.ok ? 30 : 0);
    } finally {
      c.close();
      await tight.close();
      await small.close();
    }
  });
});

describe('ingest keys', () => {
  it('answers UNAUTHENTICATED without a valid Bearer key and accepts any configured key', async () => {
    const keyed = await startOtlpGrpcReceiver(0, '127.0.0.1', { writer, budget: new ByteBudget(64 << 20), maxBodyBytes: MAX_BODY, retentionDays: 30, ingestKeys: ['k1', 'k2'] });
    const c = rawGrpcClient(`127.0.0.1:${keyed.port}`);
    try {
      const body = traceRequest('5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a', 2);
      for (const headers of [{}, { authorization: 'Bearer k3' }, { authorization: 'Basic azE=' }] as Record<string, string>[]) {
        const refused = await c.call(body, headers);
        expect(refused.ok).toBe(false);
        if (refused.ok) return;
        expect(refused.error.code).toBe(status.UNAUTHENTICATED);
        expect(refused.error.details).toMatch(/Authorization: Bearer <key>/);
      }
      // The key is checked on the metadata, before the message: an oversized one is refused for the key.
      const big = await c.call(traceRequest('5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a', 1, { padding: MAX_BODY }));
      expect(big.ok ? status.OK : big.error.code).toBe(status.UNAUTHENTICATED);
      expect(await spanIds('5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a')).toEqual([]);
      expect((await c.call(body, { authorization: 'Bearer k2' })).ok).toBe(true);
      expect(await spanIds('5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a')).toHaveLength(2);
    } finally {
      c.close();
      await keyed.close();
    }
  });
});

describe('a full receive budget', () => {
  it('answers RESOURCE_EXHAUSTED with RetryInfo while other exports hold it, then takes the retry', async () => {
    const budget = new ByteBudget(1 << 20);
    const held = await startOtlpGrpcReceiver(0, '127.0.0.1', { writer, budget, maxBodyBytes: MAX_BODY, retentionDays: 30, ingestKeys: [] });
    const c = rawGrpcClient(`127.0.0.1:${held.port}`);
    try {
      // As if other calls held the whole budget.
      const others = budget.reserve(1 << 20);
      const refused = await c.call(traceRequest('5e'.repeat(16), 3));
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(refused.error.details).toMatch(/BATON_RECEIVE_BYTES/);
      expect(retryDelaySeconds(refused.error)).toBe(1);
      others?.release();
      expect((await c.call(traceRequest('5e'.repeat(16), 3))).ok).toBe(true);
      expect(await spanIds('5e'.repeat(16))).toHaveLength(3);
      expect(budget.reserved).toBe(0);
    } finally {
      c.close();
      await held.close();
    }
  });
});
