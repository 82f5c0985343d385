import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerFixture } from '@/tests/helpers/sdk-spans';
import { select, tempStore } from '@/tests/helpers/temp-store';
import type { Store } from '@/lib/db/store';
import { ByteBudget } from './byte-budget';
import { startOtlpHttpReceiver } from './http-receiver';
import { Writer } from './writer';

/**
 * The receiver in-process on a real store, for what needs the process's
 * insides: a store that breaks (503), and the receive budget (429 before a
 * body is read).
 */

let store: Store;
let cleanup: () => Promise<void>;
let server: Server;
let writer: Writer;
let url: string;
const budget = new ByteBudget(2 << 20);

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
  server = await startOtlpHttpReceiver(0, '127.0.0.1', { writer, budget, maxBodyBytes: 1 << 20, retentionDays: 30, ingestKeys: [] });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
});
afterAll(async () => {
  server.closeAllConnections();
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

/** Starts a POST whose body is sent later (or never); resolves with the status once answered. */
function slowPost(headers: Record<string, string>): { answer: Promise<{ status: number; retryAfter: string | undefined; body: string }>; send: (b: Buffer) => void; end: () => void } {
  const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf', ...headers } });
  const answer = new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('latin1')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return { answer, send: (b) => req.write(b), end: () => req.end() };
}

describe('the receive budget', () => {
  it('answers 429 before reading a body that does not fit beside the ones being received, then takes it', async () => {
    const fixture = plannerFixture().protobuf;
    // Two bodies of 1 MiB announced and only partly sent: the budget (2 MiB) is full.
    const held = [slowPost({ 'Content-Length': String(1 << 20) }), slowPost({ 'Content-Length': String(1 << 20) })];
    for (const h of held) h.send(Buffer.alloc(1024));
    await expect.poll(() => budget.reserved).toBe(2 << 20);
    const refused = slowPost({ 'Content-Length': String(fixture.length) });
    const answer = await refused.answer; // answered without a byte of its body sent
    expect(answer.status).toBe(429);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(answer.body).toContain('BATON_RECEIVE_BYTES');
    // Chunked bodies (no Content-Length) are counted as they arrive.
    const chunked = slowPost({ 'Transfer-Encoding': 'chunked' });
    chunked.send(Buffer.alloc(4096));
    expect((await chunked.answer).status).toBe(429);
    // Their clients finish sending; the receiver drops the rest of the bodies.
    refused.send(Buffer.from(fixture));
    refused.end();
    chunked.end();
    // The held requests end (as broken protobuf: 400); their bytes are freed and the refused export goes through.
    for (const h of held) {
      h.send(Buffer.alloc((1 << 20) - 1024, 0xff));
      h.end();
    }
    expect((await Promise.all(held.map((h) => h.answer))).map((a) => a.status)).toEqual([400, 400]);
    expect(budget.reserved).toBe(0);
    const retried = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: new Uint8Array(fixture) });
    expect(retried.status).toBe(200);
    expect(budget.reserved).toBe(0);
  });
});
