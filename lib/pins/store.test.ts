import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import { nextVersion } from '@/lib/analyzer/save';
import { applyRetention } from '@/lib/db/migrate';
import type { Store } from '@/lib/db/store';
import { getHandoffDetail } from '@/lib/queries/handoff-detail';
import { getTrace } from '@/lib/queries/traces';
import { attrs, hexId, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import { retentionPassNow, select, tempStore } from '@/tests/helpers/temp-store';
import { createPin, listPins, removePin, type Pin } from './store';

/**
 * Pins on a real store (lib/db/migrations/0012_pins.sql): after a retention
 * pass that cuts everything older than a day, a pinned trace is still read
 * whole — spans, rollup, snapshots and their bodies, resources, handoffs —
 * while an unpinned one of the same age is gone; unpinning lets it expire;
 * pinning changes nothing a trace read returns.
 */

const DAY = 86_400_000;
const OLD = Date.now() - 5 * DAY;
const PINNED = hexId(1, 16);
const UNPINNED = hexId(2, 16);
const FRESH = hexId(3, 16);

let store: Store;
let writer: Writer;
let cleanup: () => Promise<void>;

function trace(traceId: string, start: number): ReturnType<typeof makeSpan>[] {
  const snapshot = (phase: string, at: number) => makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': phase, 'baton.snapshot.text': `context of ${traceId} ${phase}` }, nsAt(at));
  return [
    makeSpan({ traceId, spanId: hexId(1, 8), name: 'triage', startNs: nsAt(start), endNs: nsAt(start + 500), attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'triage' }), events: [snapshot('sent', start + 10)] }),
    makeSpan({ traceId, spanId: hexId(2, 8), parentSpanId: hexId(1, 8), name: 'billing', startNs: nsAt(start + 100), endNs: nsAt(start + 400), attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'billing' }), events: [snapshot('received', start + 110)] }),
  ];
}

const handoff = (traceId: string, time: number) => ({
  project: 'default', id: `h-${traceId}`, session_id: '', trace_id: traceId, from_trace_id: traceId, to_trace_id: traceId, from_agent: 'triage', to_agent: 'billing',
  from_span_id: hexId(1, 8), to_span_id: hexId(2, 8), time: `${time}000000`, source: 'explicit', status: 'complete', contract: '', drift: JSON.stringify({ dropped: [], changed: [], added: [], contractMissing: [], preserveViolated: [], forbiddenPresent: [], constraintsDropped: [], fidelity: 1, textSimilarity: null, truncated: false, severity: 'none', method: 'snapshot' }), digest: '', version: nextVersion(), deleted: 0,
});

const count = async (table: string, traceId: string) => Number((await select<{ n: string }>(store, `SELECT count() AS n FROM ${table} WHERE trace_id = {t:String}`, { t: traceId }))[0]!.n);

const retentionPass = () => retentionPassNow(store);

beforeAll(async () => {
  ({ store, cleanup } = await tempStore(30));
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
  await writer.write(toRows(makeTraces(trace(PINNED, OLD), 'svc-pinned'), rowOptions(30)));
  await writer.write(toRows(makeTraces(trace(UNPINNED, OLD + 1000), 'svc-unpinned'), rowOptions(30)));
  await store.client.insert({ table: 'handoffs', format: 'JSONEachRow', values: [handoff(PINNED, OLD + 50), handoff(UNPINNED, OLD + 1050)] });
  // Resources and bodies as a store holds them when nothing has used them for five days.
  for (const table of ['resources', 'snapshot_bodies']) {
    const cols = table === 'resources' ? 'hash, attributes, attribute_types, dropped_attributes_count, schema_url' : 'hash, body';
    await store.client.command({ query: `INSERT INTO ${table} SELECT ${cols}, now() - toIntervalDay(5) FROM ${table}` });
    await store.client.command({ query: `ALTER TABLE ${table} DELETE WHERE last_seen > now() - toIntervalDay(4)`, clickhouse_settings: { mutations_sync: '1' } });
  }
});
afterAll(async () => {
  await writer.close();
  await cleanup();
});

describe('pins', () => {
  let pin: Pin;
  let before: Awaited<ReturnType<typeof getTrace>>;
  let handoffBefore: Awaited<ReturnType<typeof getHandoffDetail>>;

  it('a pin changes nothing a trace read returns', async () => {
    before = await getTrace(store.client, PINNED);
    handoffBefore = await getHandoffDetail(store.client, `h-${PINNED}`);
    expect(before?.spans).toHaveLength(2);
    expect(handoffBefore?.handoff.id).toBe(`h-${PINNED}`);
    pin = await createPin(store.client, { target: PINNED, project: 'default', pinnedBy: 'ann@example.com', reason: 'manual' });
    expect(await getTrace(store.client, PINNED)).toEqual(before);
    expect(await getHandoffDetail(store.client, `h-${PINNED}`)).toEqual(handoffBefore);
    expect((await listPins(store.client, { projects: ['default'] })).map((p) => [p.target, p.reason, p.pinnedBy])).toEqual([[PINNED, 'manual', 'ann@example.com']]);
  });

  it('a pin of a fresh trace changes nothing either, spans and counts alike', async () => {
    await writer.write(toRows(makeTraces(trace(FRESH, Date.now() - 60_000), 'svc-fresh'), rowOptions(30)));
    const fresh = await getTrace(store.client, FRESH);
    const again = await createPin(store.client, { target: FRESH, project: 'default', pinnedBy: 'ann@example.com', reason: 'manual' });
    expect(await getTrace(store.client, FRESH)).toEqual(fresh);
    expect(await count('spans', FRESH)).toBe(2);
    await removePin(store.client, again);
    expect(await getTrace(store.client, FRESH)).toEqual(fresh);
  });

  it('keeps the pinned trace whole through a retention pass; the unpinned one of the same age is gone', async () => {
    expect(await getTrace(store.client, UNPINNED)).toBeDefined();
    await applyRetention(store.client, 1);
    // The changed retention keeps the pinned rows out of the TTL.
    const ttls = await select<{ name: string; engine_full: string }>(store, "SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND has(['spans', 'traces', 'snapshots', 'handoffs'], name)");
    expect(ttls).toHaveLength(4);
    for (const t of ttls) expect(t.engine_full, t.name).toMatch(/TTL .*toIntervalDay\(1\) WHERE pinned = 0/);
    await retentionPass();
    expect(await getTrace(store.client, UNPINNED)).toBeUndefined();
    for (const table of ['spans', 'traces', 'snapshots', 'handoffs']) expect(await count(table, UNPINNED)).toBe(0);
    expect(await getTrace(store.client, PINNED)).toEqual(before);
    expect(await getHandoffDetail(store.client, `h-${PINNED}`)).toEqual(handoffBefore);
    const bodies = await select<{ body: string }>(store, 'SELECT body FROM snapshot_bodies');
    expect(bodies.map((b) => b.body).join(' ')).toContain(`context of ${PINNED} sent`);
    expect(bodies.map((b) => b.body).join(' ')).not.toContain(`context of ${UNPINNED}`);
    // The fresh trace, pinned and unpinned again, is within retention.
    expect(await count('spans', FRESH)).toBe(2);
  });

  it('unpinning lets the trace expire', async () => {
    await removePin(store.client, pin);
    expect(await listPins(store.client, { projects: 'all' })).toEqual([]);
    await retentionPass();
    expect(await getTrace(store.client, PINNED)).toBeUndefined();
    for (const table of ['spans', 'traces', 'snapshots', 'handoffs']) expect(await count(table, PINNED)).toBe(0);
  });
});
