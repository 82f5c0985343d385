import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { logsToRows } from '@/ingest/log-rows';
import type { DecodedLogRecord, DecodedLogs } from '@/ingest/otlp/types';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import { nanosToIso } from '@/lib/domain/time';
import type { Store } from '@/lib/db/store';
import { attrs, hexId, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import { tempStore } from '@/tests/helpers/temp-store';
import { loadLogSnapshots } from './log-snapshots';
import { getTrace } from './traces';

let store: Store;
let writer: Writer;
let cleanup: () => Promise<void>;
const T0 = Date.now() - 3_600_000;
const TRACE = hexId(1, 16);
const AGENT_SPAN = hexId(1, 8);
const TOOL_SPAN = hexId(2, 8);

function snapshotLog(spanId: string, ms: number, values: Record<string, string>, traceId = TRACE): DecodedLogRecord {
  return {
    timeNs: nsAt(ms),
    observedTimeNs: '0',
    severityNumber: 0,
    severityText: '',
    body: { t: 'empty' },
    attrs: attrs(values),
    droppedAttributesCount: 0,
    flags: 0,
    traceId,
    spanId,
    eventName: 'baton.context.snapshot',
  };
}

function logs(records: DecodedLogRecord[]): DecodedLogs {
  return {
    resourceLogs: [
      {
        resource: { attrs: attrs({ 'service.name': 'svc' }), droppedAttributesCount: 0, schemaUrl: '' },
        scopeLogs: [{ scope: { name: 'sc', version: '1', attrs: attrs(), droppedAttributesCount: 0, schemaUrl: '' }, logRecords: records }],
      },
    ],
  };
}

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
  const agent = makeSpan({
    traceId: TRACE,
    spanId: AGENT_SPAN,
    name: 'invoke_agent planner',
    startNs: nsAt(T0),
    endNs: nsAt(T0 + 1000),
    attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' }),
    events: [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'received' }, nsAt(T0 + 100)), makeEvent('retry', {}, nsAt(T0 + 500))],
  });
  const tool = makeSpan({ traceId: TRACE, spanId: TOOL_SPAN, parentSpanId: AGENT_SPAN, name: 'execute_tool search', startNs: nsAt(T0 + 200), endNs: nsAt(T0 + 300) });
  await writer.write(toRows(makeTraces([agent, tool]), rowOptions(30)));
  const records = [
    snapshotLog(AGENT_SPAN, T0 + 900, { 'baton.snapshot.phase': 'sent', 'baton.handoff.id': 'h-9' }),
    snapshotLog(AGENT_SPAN, T0 + 300, { 'baton.snapshot.phase': 'checkpoint' }),
    // Its span is not stored: not shown.
    snapshotLog(hexId(9, 8), T0 + 400, { 'baton.snapshot.phase': 'checkpoint' }),
    // Another trace.
    snapshotLog(AGENT_SPAN, T0 + 400, { 'baton.snapshot.phase': 'checkpoint' }, hexId(2, 16)),
  ];
  // Delivered twice, as an exporter retry would.
  await writer.write(logsToRows(logs(records), rowOptions(30)));
  await writer.write(logsToRows(logs(records), rowOptions(30)));
});
afterAll(async () => {
  await writer.close();
  await cleanup();
});

describe('log-sourced snapshots', () => {
  it('loads a trace’s log snapshots once each, in time order, with their bodies', async () => {
    const found = await loadLogSnapshots(store.client, TRACE, nsAt(T0), nsAt(T0 + 200));
    expect(found).toEqual([
      { spanId: AGENT_SPAN, timeNs: nsAt(T0 + 300), attributes: { 'baton.snapshot.phase': 'checkpoint' } },
      { spanId: hexId(9, 8), timeNs: nsAt(T0 + 400), attributes: { 'baton.snapshot.phase': 'checkpoint' } },
      { spanId: AGENT_SPAN, timeNs: nsAt(T0 + 900), attributes: { 'baton.handoff.id': 'h-9', 'baton.snapshot.phase': 'sent' } },
    ]);
  });

  it('puts them among their span’s events in the trace, sorted by time with the span events', async () => {
    const trace = await getTrace(store.client, TRACE);
    const agent = trace!.spans.find((s) => s.spanId === AGENT_SPAN)!;
    expect(agent.events).toEqual([
      { time: nanosToIso(nsAt(T0 + 100)), name: 'baton.context.snapshot', attributes: { 'baton.snapshot.phase': 'received' } },
      { time: nanosToIso(nsAt(T0 + 300)), name: 'baton.context.snapshot', attributes: { 'baton.snapshot.phase': 'checkpoint' } },
      { time: nanosToIso(nsAt(T0 + 500)), name: 'retry', attributes: {} },
      { time: nanosToIso(nsAt(T0 + 900)), name: 'baton.context.snapshot', attributes: { 'baton.handoff.id': 'h-9', 'baton.snapshot.phase': 'sent' } },
    ]);
    expect(trace!.spans.find((s) => s.spanId === TOOL_SPAN)!.events).toEqual([]);
  });

  it('finds nothing for a trace without log snapshots', async () => {
    expect(await loadLogSnapshots(store.client, hexId(3, 16), nsAt(T0), nsAt(T0))).toEqual([]);
  });
});
