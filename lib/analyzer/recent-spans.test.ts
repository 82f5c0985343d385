import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { encodeRequests } from '@/bench/agent-spans';
import { encodeDense } from '@/bench/handoff-dense';
import { rowSlices } from '@/ingest/row-job';
import { rowOptions, type RowBatch } from '@/ingest/rows';
import { runSync } from '@/ingest/slices';
import { Writer } from '@/ingest/writer';
import type { AnalysisSpanRow } from '@/lib/analysis/analysis-rows';
import type { Store } from '@/lib/db/store';
import { plannerFixture } from '@/tests/helpers/sdk-spans';
import { tempStore } from '@/tests/helpers/temp-store';
import { loadSpans, traceInfos, type UnitSpans } from './load';
import { keepRecentSpans, RecentSpans } from './recent-spans';

/**
 * The analyzer takes the spans this process just wrote from memory only when
 * they are exactly what it would read back: same rows, same values, and the
 * store holding no other copy. Real embedded store, real writer.
 */

let store: Store;
let cleanup: () => Promise<void>;
let writer: Writer;

const rowsOf = (body: Uint8Array): RowBatch => runSync(rowSlices({ signal: 'traces', body: Buffer.from(body), encoding: 'protobuf', opts: rowOptions(30) }));
const row = (traceId: string, spanId: string, bytes = 0): AnalysisSpanRow => ({
  trace_id: traceId,
  span_id: spanId,
  parent_span_id: '',
  name: 'n',
  agent: '',
  type: 'span',
  tool: '',
  start_ns: '1',
  status_code: 'unset',
  input_tokens: 0,
  output_tokens: 0,
  links: '[]',
  picked: bytes > 0 ? { 'input.value': 'x'.repeat(bytes) } : {},
});

const MARK = ' (from memory)';

/** Spans per trace, in a stable order, for comparing the two ways of loading. */
const canonical = (m: Map<string, UnitSpans>) =>
  Object.fromEntries([...m].map(([id, u]) => [id, { ...u, spans: [...u.spans].sort((a, b) => (a.spanId < b.spanId ? -1 : 1)) }]));

async function load(traceIds: string[]): Promise<Map<string, UnitSpans>> {
  return loadSpans(store.client, await traceInfos(store.client, 'default', traceIds));
}

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
});
afterAll(async () => {
  await writer.close();
  await cleanup();
});

describe('recent spans in memory', () => {
  it('keep one row per span, mark a span that came twice, and drop the oldest traces past the budget', () => {
    const recent = new RecentSpans(3_000);
    recent.add([row('t1', 's1', 1000), row('t1', 's2')]);
    recent.add([row('t2', 's1', 1000)]);
    expect(recent.rowsOf('t1')?.map((r) => r.span_id)).toEqual(['s1', 's2']);
    recent.add([row('t2', 's1')]);
    expect(recent.rowsOf('t2')).toBeUndefined();
    recent.add([row('t3', 's1', 1500)]);
    expect(recent.rowsOf('t1')).toBeUndefined(); // the oldest went first
    expect(recent.rowsOf('t3')?.length).toBe(1);
    expect(recent.size.bytes).toBeLessThanOrEqual(3_000);
  });

  it('give the analysis exactly what it reads back from the store', async () => {
    const batches = [
      rowsOf(plannerFixture().protobuf),
      ...encodeRequests(2, 128, 16).map(rowsOf), // realistic agent spans: messages, tools, tokens, errors
      ...encodeDense({ spans: 2_048, sessions: 7, spansPerRequest: 512 }).map(rowsOf),
    ];
    for (const b of batches) await writer.write(b);
    const ids = [...new Set(batches.flatMap((b) => (b.touched ?? []).map((t) => t.traceId)))];
    const fromStore = await load(ids);
    expect(fromStore.size).toBe(ids.length);
    // Marked, to see that every trace came from memory; unmarked, to compare.
    const recent = new RecentSpans();
    recent.add(batches.flatMap((b) => b.analysis ?? []).map((r) => ({ ...r, name: `${r.name}${MARK}` })));
    keepRecentSpans(store.client, recent);
    const fromMemory = await load(ids);
    const all = [...fromMemory.values()].flatMap((u) => u.spans);
    expect(all.length).toBeGreaterThan(2_000);
    expect(all.every((s) => s.name.endsWith(MARK))).toBe(true);
    for (const s of all) s.name = s.name.slice(0, -MARK.length);
    expect(canonical(fromMemory)).toEqual(canonical(fromStore));
    // The fixtures exercise every field: links, given contexts, framework signals, errors and tokens.
    const spans = [...fromStore.values()].flatMap((u) => u.spans);
    expect(spans.some((s) => s.links.length > 0)).toBe(true);
    expect(spans.some((s) => s.context !== null)).toBe(true);
    expect(spans.some((s) => Object.keys(s.signals).length > 0)).toBe(true);
    expect([...fromStore.values()].some((u) => u.inputTokens > 0)).toBe(true);
  });

  it('are used only when the store holds exactly those spans, once each', async () => {
    // Turns (and trace ids) the test above did not write.
    const [first, second] = encodeDense({ spans: 4_096, sessions: 3, spansPerRequest: 512 }).slice(4, 6).map(rowsOf) as [RowBatch, RowBatch];
    await writer.write(first);
    await writer.write(second);
    await writer.write(second); // a retried export: the store holds two copies of its spans until a merge
    const marked = (b: RowBatch) => (b.analysis ?? []).map((r) => ({ ...r, name: `${r.name}${MARK}` }));
    const recent = new RecentSpans();
    keepRecentSpans(store.client, recent);
    // The first batch's traces, minus one span: the store holds a span memory lacks.
    const [missing, ...rest] = marked(first);
    recent.add(rest);
    recent.add(marked(second));
    const traces = await load([...new Set([...(first.touched ?? []), ...(second.touched ?? [])].map((t) => t.traceId))]);
    const names = (id: string) => (traces.get(id)?.spans ?? []).map((s) => s.name);
    expect(names(missing?.trace_id as string).some((n) => n.endsWith(MARK))).toBe(false);
    for (const t of second.touched ?? []) expect(names(t.traceId).some((n) => n.endsWith(MARK))).toBe(false);
    const whole = (first.touched ?? []).map((t) => t.traceId).filter((id) => id !== missing?.trace_id);
    expect(whole.length).toBeGreaterThan(0);
    for (const id of whole) expect(names(id).every((n) => n.endsWith(MARK))).toBe(true);
  });
});
