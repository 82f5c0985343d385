import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import type { DecodedSpan } from '@/ingest/otlp/types';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import { Analyzer } from '@/lib/analyzer/analyzer';
import { applyRetention } from '@/lib/db/migrate';
import type { Store } from '@/lib/db/store';
import { getHandoffDetail } from '@/lib/queries/handoff-detail';
import { getSessionDetail } from '@/lib/queries/session-detail';
import { getTrace } from '@/lib/queries/traces';
import { attrs, hexId, makeSpan, makeTraces } from '@/tests/helpers/factories';
import { randomSession } from '@/tests/helpers/random-sessions';
import { retentionPassNow, select, tempStore } from '@/tests/helpers/temp-store';
import { keepPins } from './keeper';
import { linkPinTargets } from './links';
import { createPin, createPins, listPins, removePin, removePins, type Pin } from './store';

/**
 * Session and handoff pins on a real store, with the real analyzer
 * (lib/db/migrations/0013_session_pins.sql): sessions five days old, a
 * retention of one day applied, and every TTL run. A pinned session's page
 * reads the same after the pass, and so does each of its traces; the unpinned
 * session is gone except what a handoff pin keeps, whose detail reads the
 * same. A span that arrives after the pin is flagged by the periodic pass and
 * kept. Unpinning the session keeps a trace of it that has its own pin.
 */

const DAY = 86_400_000;
const SHIFT = 5n * BigInt(DAY) * 1_000_000n;
const PINNED = 'pin-session';
const UNPINNED = 'loose-session';

let store: Store;
let writer: Writer;
let analyzer: Analyzer;
let cleanup: () => Promise<void>;

/** The spans five days earlier: data a one-day retention would cut. */
const aged = (spans: DecodedSpan[]) =>
  spans.map((s) => ({ ...s, startNs: String(BigInt(s.startNs) - SHIFT), endNs: String(BigInt(s.endNs) - SHIFT), events: s.events.map((e) => ({ ...e, timeNs: String(BigInt(e.timeNs) - SHIFT) })) }));

const sessionSpans = aged(randomSession(3, PINNED, { userId: 'u-1', tokens: true, turns: 4 }));
const looseSpans = aged(randomSession(4, UNPINNED, { userId: 'u-2', tokens: true, turns: 4 }));
const tracesOf = (spans: DecodedSpan[]) => [...new Set(spans.map((s) => s.traceId))];
const OWN = tracesOf(sessionSpans)[1]!;

const count = async (table: string, where: string, params: Record<string, unknown>) => Number((await select<{ n: string }>(store, `SELECT count() AS n FROM ${table} WHERE ${where}`, params))[0]!.n);
const rowsOfSession = (table: string, sessionId: string) => count(table, 'session_id = {s:String}', { s: sessionId });

const retentionPass = () => retentionPassNow(store);

beforeAll(async () => {
  ({ store, cleanup } = await tempStore(30));
  analyzer = new Analyzer(store, { debounceMs: 5 });
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, onCommit: (c) => analyzer.notify(c.touched, c.analysis) });
  await analyzer.start();
  await writer.write(toRows(makeTraces(sessionSpans, 'svc-pinned'), rowOptions(30)));
  await writer.write(toRows(makeTraces(looseSpans, 'svc-loose'), rowOptions(30)));
  await analyzer.idle();
}, 120_000);
afterAll(async () => {
  await writer.close();
  await analyzer.stop();
  await cleanup();
});

describe('session and handoff pins', () => {
  let sessionPin: Pin;
  let ownPin: Pin;
  let handoffPins: Pin[];
  let handoffId = '';
  let before: Awaited<ReturnType<typeof getSessionDetail>>;
  const tracesBefore = new Map<string, Awaited<ReturnType<typeof getTrace>>>();
  let handoffBefore: Awaited<ReturnType<typeof getHandoffDetail>>;

  it('pinning a session, a trace of it and a handoff’s traces changes nothing the pages read', async () => {
    before = await getSessionDetail(store.client, PINNED, 1000);
    expect(before?.analysisPending).toBe(false);
    expect(before?.traces).toHaveLength(4);
    expect(before!.facts.length).toBeGreaterThan(0);
    for (const t of tracesOf(sessionSpans)) tracesBefore.set(t, await getTrace(store.client, t));
    // A handoff of the unpinned session between two of its traces, with both sides.
    const loose = await getSessionDetail(store.client, UNPINNED, 1000);
    const details = await Promise.all(loose!.handoffs.map((h) => getHandoffDetail(store.client, h.id)));
    const crossing = details.find((d) => d && d.sender && d.receiver && d.handoff.fromTraceId !== d.handoff.toTraceId) ?? details.find((d) => d?.sender && d.receiver);
    expect(crossing).toBeDefined();
    handoffId = crossing!.handoff.id;
    handoffBefore = crossing;

    sessionPin = await createPin(store.client, { resource: 'session', target: PINNED, project: 'default', pinnedBy: 'ann@example.com', reason: 'share link s1' });
    ownPin = await createPin(store.client, { resource: 'trace', target: OWN, project: 'default', pinnedBy: 'ann@example.com', reason: 'manual' });
    const targets = await linkPinTargets(store.client, { resource: 'handoff', target: handoffId, project: 'default' });
    expect(targets.map((t) => t.target).sort()).toEqual([...new Set([crossing!.handoff.traceId, crossing!.handoff.fromTraceId, crossing!.handoff.toTraceId])].sort());
    handoffPins = await createPins(store.client, targets.map((t) => ({ ...t, project: 'default', pinnedBy: 'ann@example.com', reason: 'share link h1' })));

    expect(await getSessionDetail(store.client, PINNED, 1000)).toEqual(before);
    expect(await getHandoffDetail(store.client, handoffId)).toEqual(handoffBefore);
    expect((await listPins(store.client, { project: 'default', target: PINNED })).map((p) => [p.resource, p.reason])).toEqual([['session', 'share link s1']]);
    // Every row the session's pages read is flagged.
    for (const table of ['sessions', 'session_turns', 'session_facts', 'session_keys', 'session_values']) {
      expect(await rowsOfSession(table, PINNED), table).toBeGreaterThan(0);
      expect(await count(table, 'session_id = {s:String} AND pinned = 0', { s: PINNED }), table).toBe(0);
    }
    expect(await count('spans', 'trace_id IN {t:Array(String)} AND pinned = 0', { t: tracesOf(sessionSpans) })).toBe(0);
    // Unpinning a trace of the pinned session keeps it flagged: its session still covers it.
    await removePin(store.client, ownPin);
    expect(await count('spans', 'trace_id = {t:String} AND pinned = 0', { t: OWN })).toBe(0);
    ownPin = await createPin(store.client, { resource: 'trace', target: OWN, project: 'default', pinnedBy: 'ann@example.com', reason: 'manual' });
  });

  it('keeps the pinned session whole through a retention pass, and the handoff pinned by its traces', async () => {
    await applyRetention(store.client, 1);
    const ttls = await select<{ name: string; engine_full: string }>(store, 'SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN {t:Array(String)}', {
      t: ['sessions', 'session_turns', 'session_facts', 'session_keys', 'session_values'],
    });
    expect(ttls).toHaveLength(5);
    for (const t of ttls) expect(t.engine_full, t.name).toMatch(/TTL .*toIntervalDay\(1\) WHERE pinned = 0/);
    await retentionPass();
    expect(await getSessionDetail(store.client, PINNED, 1000)).toEqual(before);
    for (const [t, read] of tracesBefore) expect(await getTrace(store.client, t), t).toEqual(read);
    expect(await getHandoffDetail(store.client, handoffId)).toEqual(handoffBefore);
    // The unpinned session's analysed state is gone, and its traces but the handoff's.
    for (const table of ['sessions', 'session_turns', 'session_facts', 'session_keys', 'session_values']) expect(await rowsOfSession(table, UNPINNED), table).toBe(0);
    const kept = handoffPins.map((p) => p.target);
    for (const t of tracesOf(looseSpans)) expect(await count('spans', 'trace_id = {t:String}', { t }), t).toBe(kept.includes(t) ? looseSpans.filter((s) => s.traceId === t).length : 0);
  });

  it('flags a span that arrives after the pin in the periodic pass, and keeps it', async () => {
    const trace = tracesOf(sessionSpans)[0]!;
    const root = sessionSpans.find((s) => s.traceId === trace && !s.parentSpanId)!;
    const late = makeSpan({ traceId: trace, spanId: hexId(999, 8, 0xc), parentSpanId: root.spanId, name: 'late', startNs: String(BigInt(root.startNs) + 2_000_000n), endNs: String(BigInt(root.startNs) + 3_000_000n), attrs: attrs({ 'session.id': PINNED }) });
    // It arrived while it was within the retention period (a one-day one drops a five-day-old row as it is written).
    await applyRetention(store.client, 30);
    await writer.write(toRows(makeTraces([late], 'svc-pinned'), rowOptions(30)));
    await analyzer.idle();
    expect(await count('spans', 'span_id = {s:String} AND pinned = 0', { s: late.spanId })).toBe(1);
    const flagged = await keepPins(store.client);
    expect(flagged.find((f) => f.project === 'default')?.tables).toContain('spans');
    expect(await keepPins(store.client)).toEqual([]);
    await applyRetention(store.client, 1);
    await retentionPass();
    expect(await count('spans', 'span_id = {s:String}', { s: late.spanId })).toBe(1);
    const after = await getSessionDetail(store.client, PINNED, 1000);
    expect(after?.traces.map((t) => t.traceId)).toEqual(before?.traces.map((t) => t.traceId));
    expect(after?.facts).toEqual(before?.facts);
  });

  it('unpinning the session lets it expire but for the trace pinned on its own', async () => {
    await removePin(store.client, sessionPin);
    await retentionPass();
    for (const table of ['sessions', 'session_turns', 'session_facts', 'session_keys', 'session_values']) expect(await rowsOfSession(table, PINNED), table).toBe(0);
    for (const t of tracesOf(sessionSpans)) {
      if (t === OWN) expect(await getTrace(store.client, t)).toEqual(tracesBefore.get(t));
      else expect(await count('spans', 'trace_id = {t:String}', { t }), t).toBe(0);
    }
  });

  it('unpinning the last pins lets everything expire', async () => {
    await removePin(store.client, ownPin);
    await removePins(store.client, handoffPins);
    expect(await listPins(store.client, { projects: 'all' })).toEqual([]);
    await retentionPass();
    expect(await getTrace(store.client, OWN)).toBeUndefined();
    expect(await getHandoffDetail(store.client, handoffId)).toBeUndefined();
    expect(await count('spans', '1', {})).toBe(0);
    expect(await count('handoffs', '1', {})).toBe(0);
  });
});
