import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attrs, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import { SNAPSHOT_SPAN_ID, SNAPSHOT_TIME_NS, SNAPSHOT_TRACE_ID, snapshotLogsFixture } from '@/tests/helpers/sdk-logs';
import { SNAPSHOT_COLUMNS } from '@/lib/db/columns';
import { logsToRows } from './log-rows';
import { decodeLogsProtobuf } from './otlp/decode-logs-protobuf';
import type { DecodedLogRecord, DecodedLogs } from './otlp/types';
import { rowOptions, toRows } from './rows';

/** A JSONCompactEachRow line as an object keyed by the snapshot columns. */
const asObject = (line: string) =>
  Object.fromEntries((JSON.parse(line) as unknown[]).map((v, i) => [SNAPSHOT_COLUMNS[i], v])) as Record<string, unknown>;
const rowsOf = (buf: Buffer) => buf.toString('utf8').split('\n').filter((l) => l.length > 0).map(asObject);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const NOW = Date.now();
const opts = rowOptions(30, NOW);

function record(partial: Partial<DecodedLogRecord> = {}): DecodedLogRecord {
  return {
    timeNs: nsAt(NOW - 1000),
    observedTimeNs: nsAt(NOW),
    severityNumber: 0,
    severityText: '',
    body: { t: 'empty' },
    attrs: attrs({ 'baton.snapshot.phase': 'checkpoint' }),
    droppedAttributesCount: 0,
    flags: 0,
    traceId: SNAPSHOT_TRACE_ID,
    spanId: SNAPSHOT_SPAN_ID,
    eventName: 'baton.context.snapshot',
    ...partial,
  };
}

function logs(records: DecodedLogRecord[], resource: Record<string, string> = { 'service.name': 'svc' }): DecodedLogs {
  return {
    resourceLogs: [
      {
        resource: { attrs: attrs(resource), droppedAttributesCount: 0, schemaUrl: '' },
        scopeLogs: [{ scope: { name: 'sc', version: '1', attrs: attrs(), droppedAttributesCount: 0, schemaUrl: '' }, logRecords: records }],
      },
    ],
  };
}

describe('snapshot rows from SDK log records', () => {
  const fixture = snapshotLogsFixture();
  const snapshotMs = Number(SNAPSHOT_TIME_NS.slice(0, -6));
  const batch = logsToRows(decodeLogsProtobuf(fixture.protobuf), rowOptions(30, snapshotMs));
  const [sent, received] = rowsOf(batch.snapshots);

  it('stores the two snapshot records and not the plain log record', () => {
    expect(batch.accepted).toBe(2);
    expect(batch.rejected).toBe(0);
    expect(batch.spans.length).toBe(0);
    expect(batch.traces.length).toBe(0);
    expect(rowsOf(batch.snapshots)).toHaveLength(2);
  });

  it('fills the row from the record, its attributes and its resource', () => {
    expect(sent).toEqual({
      project: 'travel',
      trace_id: SNAPSHOT_TRACE_ID,
      span_id: SNAPSHOT_SPAN_ID,
      time: SNAPSHOT_TIME_NS,
      session_id: 'sess-resource',
      agent: 'planner',
      phase: 'sent',
      handoff_id: 'h-1',
      handoff_to: 'booker',
      body_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      source: 'log',
    });
    // The older form: event.name attribute; session and agent from the record's own attributes.
    expect(received).toMatchObject({ session_id: 'sess-record', agent: 'booker', phase: 'received', source: 'log', project: 'travel' });
  });

  it('stores the body content-addressed: attributes merged over a key-value list body, typed', () => {
    const body = batch.bodies.get(sent!.body_hash as string)!;
    expect(sha256(body)).toBe(sent!.body_hash);
    expect(JSON.parse(body)).toEqual({
      'baton.handoff.id': 'h-1',
      'baton.handoff.to': 'booker',
      'baton.snapshot.facts': '{"trip":{"budget":300}}',
      'baton.snapshot.phase': 'sent',
      'baton.snapshot.text': 'Plan a trip to Lisbon',
      'baton.snapshot.tokens': 1200,
      'baton.snapshot.truncated': false,
      'baton.snapshot.updates': ['trip.budget'],
      'gen_ai.agent.name': 'planner',
    });
    expect(Object.keys(JSON.parse(body) as object)).toEqual(Object.keys(JSON.parse(body) as object).sort());
  });

  it('drops the event.name marker and ignores a body that is not a key-value list', () => {
    expect(JSON.parse(batch.bodies.get(received!.body_hash as string)!)).toEqual({
      'agent.name': 'booker',
      'baton.snapshot.phase': 'received',
      'session.id': 'sess-record',
    });
  });

  it('counts the bytes it holds', () => {
    const bodies = [...batch.bodies.values()].reduce((n, b) => n + b.length, 0);
    expect(batch.bytes).toBe(batch.snapshots.length + bodies);
  });
});

describe('snapshot rows from decoded log records', () => {
  it('hashes the same snapshot the same way as a span event', () => {
    const values = { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': '{"a":1}' };
    const fromLog = rowsOf(logsToRows(logs([record({ attrs: attrs(values) })]), opts).snapshots)[0]!;
    const span = makeSpan({ traceId: SNAPSHOT_TRACE_ID, spanId: SNAPSHOT_SPAN_ID, events: [makeEvent('baton.context.snapshot', values)] });
    const fromEvent = rowsOf(toRows(makeTraces([span]), opts).snapshots)[0]!;
    expect(fromLog.body_hash).toBe(fromEvent.body_hash);
    expect(fromEvent.source).toBe('span_event');
  });

  it('takes project, session and agent from the record before the resource, in key order', () => {
    const resource = { 'baton.project': 'res-proj', 'gen_ai.conversation.id': 'res-sess', 'gen_ai.agent.name': 'res-agent' };
    const own = record({ attrs: attrs({ 'baton.project': 'rec-proj', 'langfuse.session.id': 'rec-sess', 'agent.name': 'rec-alias', 'baton.agent.name': 'rec-agent' }) });
    const bare = record({ attrs: attrs({}) });
    const [a, b] = rowsOf(logsToRows(logs([own, bare], resource), opts).snapshots);
    expect(a).toMatchObject({ project: 'rec-proj', session_id: 'rec-sess', agent: 'rec-agent' });
    expect(b).toMatchObject({ project: 'res-proj', session_id: 'res-sess', agent: 'res-agent' });
    const [c] = rowsOf(logsToRows(logs([bare]), opts).snapshots);
    expect(c).toMatchObject({ project: 'default', session_id: '', agent: '' });
  });

  it('lets attributes win over body entries, keeping each value its type', () => {
    const r = record({
      attrs: attrs({ 'baton.snapshot.tokens': '7', note: 'attr' }, { 'baton.snapshot.tokens': 'int' }),
      body: { t: 'kvlist', v: [['note', { t: 'int', v: '1' }], ['baton.snapshot.truncated', { t: 'bool', v: true }], ['event.name', { t: 'string', v: 'baton.context.snapshot' }]] },
    });
    const batch = logsToRows(logs([r]), opts);
    const [row] = rowsOf(batch.snapshots);
    expect(JSON.parse(batch.bodies.get(row!.body_hash as string)!)).toEqual({ 'baton.snapshot.tokens': 7, 'baton.snapshot.truncated': true, note: 'attr' });
  });

  it('uses the observed time when the record has no time of its own', () => {
    const [row] = rowsOf(logsToRows(logs([record({ timeNs: '0', observedTimeNs: nsAt(NOW - 5) })]), opts).snapshots);
    expect(row!.time).toBe(nsAt(NOW - 5));
  });

  it('rejects only the snapshot records that cannot be stored, saying why', () => {
    const batch = logsToRows(
      logs([
        record(),
        record({ traceId: '4bf92f3577b34da6a3ce929d0e0e47' }),
        record({ traceId: '00000000000000000000000000000000' }),
        record({ spanId: '' }),
        record({ spanId: 'zz' }),
        record({ timeNs: '0', observedTimeNs: '0' }),
        record({ timeNs: nsAt(NOW - 31 * 86_400_000) }),
        record({ timeNs: nsAt(NOW + 2 * 86_400_000) }),
        // Not snapshots: accepted and not stored, whatever their ids.
        record({ eventName: 'app.checkout', traceId: 'bad' }),
        record({ eventName: '', traceId: '', spanId: '' }),
      ]),
      opts,
    );
    expect(batch.accepted).toBe(1);
    expect(batch.rejected).toBe(7);
    expect(rowsOf(batch.snapshots)).toHaveLength(1);
    expect(batch.reasons).toHaveLength(5);
    expect(batch.reasons[0]).toBe('snapshot log record with invalid trace id "4bf92f3577b34da6a3ce929d0e0e47" (must be 16 bytes, not all zero)');
    expect(batch.reasons).toContain('snapshot log record without a span id (it must carry the ids of its agent span)');
    expect(batch.reasons).toContain('snapshot log record with invalid span id "zz" (must be 8 bytes, not all zero)');
    expect(batch.reasons).toContain('snapshot log record without a time');

    const times = logsToRows(logs([record({ timeNs: nsAt(NOW - 31 * 86_400_000) }), record({ timeNs: nsAt(NOW + 2 * 86_400_000) })]), opts);
    expect(times.reasons).toEqual(['snapshot log record older than the retention period', 'snapshot log record more than a day in the future']);
  });

  it('builds an empty batch for a request without snapshot records', () => {
    const batch = logsToRows(logs([record({ eventName: 'app.login' })]), opts);
    expect(batch).toMatchObject({ accepted: 0, rejected: 0, bytes: 0 });
    expect(batch.snapshots.length).toBe(0);
    expect(batch.bodies.size).toBe(0);
  });
});

describe("a stored ingest key's project", () => {
  it("writes every snapshot record to the key's project, whatever baton.project says", () => {
    const own = record({ attrs: attrs({ 'baton.snapshot.phase': 'sent', 'baton.project': 'billing' }) });
    const batch = logsToRows(logs([own, record()], { 'baton.project': 'billing' }), rowOptions(30, NOW, 'shop'));
    expect(rowsOf(batch.snapshots).map((r) => r.project)).toEqual(['shop', 'shop']);
    expect(batch.touched).toEqual([{ project: 'shop', traceId: SNAPSHOT_TRACE_ID }]);
  });
});
