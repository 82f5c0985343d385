import { describe, expect, it } from 'vitest';
import { plannerFixture } from '@/tests/helpers/sdk-spans';
import { decodeTracesProtobuf } from './otlp/decode-protobuf';
import { attrs, FIXED_NOW, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import type { DecodedSpan } from './otlp/types';
import { SNAPSHOT_COLUMNS, SPAN_COLUMNS, TRACE_COLUMNS } from '@/lib/db/columns';
import { rowOptions, toRows } from './rows';

/** A JSONCompactEachRow line as an object keyed by its columns. */
const asObject = (line: string, columns: readonly string[]) =>
  Object.fromEntries((JSON.parse(line) as unknown[]).map((v, i) => [columns[i], v])) as Record<string, unknown>;

/** The lines of a row buffer. */
const linesOf = (buf: Buffer) => buf.toString('utf8').split('\n').filter((l) => l.length > 0);

const NOW = FIXED_NOW;
const opts = rowOptions(30, NOW);
const span = (partial: Partial<DecodedSpan>) => makeSpan({ startNs: nsAt(NOW - 1000), endNs: nsAt(NOW), ...partial });
const traces = (...spans: DecodedSpan[]) => makeTraces(spans);

describe('rows from decoded spans', () => {
  it('rejects only the spans that cannot be stored, saying why', () => {
    const batch = toRows(
      traces(
        span({ spanId: '0000000000000001' }),
        span({ traceId: 'abcd' }),
        span({ traceId: '00000000000000000000000000000000' }),
        span({ spanId: '01' }),
        span({ parentSpanId: 'zz' }),
        span({ startNs: '0' }),
        span({ startNs: nsAt(NOW - 31 * 86_400_000) }),
        span({ startNs: nsAt(NOW + 2 * 86_400_000) }),
      ),
      opts,
    );
    expect(batch.accepted).toBe(1);
    expect(batch.rejected).toBe(7);
    expect(batch.reasons.join('\n')).toMatch(/invalid trace id "abcd"/);
    expect(batch.reasons.length).toBeLessThanOrEqual(5);
  });

  it('writes the agent-model columns and keeps typed attributes', () => {
    const batch = toRows(decodeTracesProtobuf(plannerFixture().protobuf), rowOptions(30));
    const rows = linesOf(batch.spans).map((l) => asObject(l, SPAN_COLUMNS));
    const llm = rows.find((r) => r.name === 'chat gpt-4o');
    expect(llm).toMatchObject({
      type: 'llm',
      agent: 'planner',
      session_id: 'sess-1',
      user_id: 'u-1',
      model: 'gpt-4o',
      input_tokens: 120,
      output_tokens: 30,
      status_code: 'error',
      kind: 'client',
      service: 'planner-svc',
      scope_name: 'fixture-scope',
    });
    const agent = rows.find((r) => r.name === 'invoke_agent planner');
    expect(agent).toMatchObject({ attribute_types: { 'app.retries': 'int' }, attributes: { 'app.retries': '3' } });
  });

  it('stores a snapshot body once and leaves a reference in the event', () => {
    const snapshot = { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': '{"budget":300}', 'baton.handoff.id': 'h1', 'baton.handoff.to': 'writer' };
    const event = (t: number) => ({ timeNs: nsAt(NOW - t), name: 'baton.context.snapshot', attrs: { values: snapshot, types: {} }, droppedAttributesCount: 0 });
    const batch = toRows(traces(span({ spanId: '0000000000000001', events: [event(500), event(400)] }), span({ spanId: '0000000000000002', events: [event(300)] })), opts);
    expect(linesOf(batch.snapshots)).toHaveLength(3);
    expect(batch.bodies.size).toBe(1);
    const [hash, body] = [...batch.bodies][0]!;
    expect(JSON.parse(body)).toEqual(snapshot);
    expect(asObject(linesOf(batch.snapshots)[0]!, SNAPSHOT_COLUMNS)).toMatchObject({ phase: 'sent', handoff_id: 'h1', handoff_to: 'writer', body_hash: hash, source: 'span_event' });
    const events = JSON.parse(String(asObject(linesOf(batch.spans)[0]!, SPAN_COLUMNS).events));
    expect(events[0]).toMatchObject({ name: 'baton.context.snapshot', ref: hash, values: {} });
  });

  it('rolls each trace up: bounds, root-most span, earliest session, services and agents', () => {
    const t = '1af7651916cd43dd8448eb211c80319c';
    const batch = toRows(
      traces(
        span({ traceId: t, spanId: '0000000000000002', parentSpanId: '0000000000000001', name: 'child', startNs: nsAt(NOW - 900), endNs: nsAt(NOW - 100), statusCode: 2, attrs: { values: { 'gen_ai.agent.name': 'worker' }, types: {} } }),
        span({ traceId: t, spanId: '0000000000000003', parentSpanId: '0000000000000002', name: 'late', startNs: nsAt(NOW - 500), endNs: nsAt(NOW - 50), attrs: { values: { 'session.id': 's-late' }, types: {} } }),
        span({ traceId: t, spanId: '0000000000000004', parentSpanId: '0000000000000001', name: 'early', startNs: nsAt(NOW - 950), endNs: nsAt(NOW - 940), attrs: { values: { 'session.id': 's-early' }, types: {} } }),
      ),
      opts,
    );
    expect(linesOf(batch.traces)).toHaveLength(1);
    expect(asObject(linesOf(batch.traces)[0]!, TRACE_COLUMNS)).toEqual({
      project: 'default',
      trace_id: t,
      day: new Date(NOW - 950).toISOString().slice(0, 10),
      start_time: nsAt(NOW - 950),
      end_time: nsAt(NOW - 50),
      last_start: nsAt(NOW - 500),
      root: [1, nsAt(NOW - 950), 'early', 'svc'],
      session: [0, nsAt(NOW - 950), 's-early'],
      user: [1, nsAt(NOW - 950), ''],
      session_ids: ['s-late', 's-early'],
      services: ['svc'],
      agents: ['worker'],
    });
  });

  it('stores a control-flow exception’s error status as control, keeping its message, and real errors as errors', () => {
    const parentCommand = '\n\nParentCommand\n    at RunnableCallable._controlBranch (file.js:1:1)';
    const exception = { timeNs: nsAt(NOW - 10), name: 'exception', attrs: { values: { 'exception.message': parentCommand }, types: {} }, droppedAttributesCount: 0 };
    const batch = toRows(
      traces(
        span({ spanId: '0000000000000001', name: 'tools', statusCode: 2, statusMessage: parentCommand, events: [exception] }),
        span({ spanId: '0000000000000002', name: 'lookup', statusCode: 2, statusMessage: 'payment gateway timeout' }),
      ),
      opts,
    );
    const rows = linesOf(batch.spans).map((l) => asObject(l, SPAN_COLUMNS));
    expect(rows.map((r) => [r.name, r.status_code, r.status_message])).toEqual([
      ['tools', 'control', parentCommand],
      ['lookup', 'error', 'payment gateway timeout'],
    ]);
  });

  it('keeps one agent span per LangGraph subgraph run: the subgraph’s own run inside its node is a workflow step', () => {
    const t = '2af7651916cd43dd8448eb211c80319c';
    const meta = JSON.stringify({ langgraph_node: 'supervisor', langgraph_checkpoint_ns: 'supervisor:5b2' });
    const node = (spanId: string, parentSpanId: string) => span({ traceId: t, spanId, parentSpanId, name: 'supervisor', attrs: { values: { 'openinference.span.kind': 'CHAIN', metadata: meta }, types: {} } });
    const batch = toRows(traces(node('0000000000000002', '0000000000000001'), node('0000000000000003', '0000000000000002')), opts);
    const rows = linesOf(batch.spans).map((l) => asObject(l, SPAN_COLUMNS));
    expect(rows.map((r) => [r.span_id, r.type, r.agent])).toEqual([
      ['0000000000000002', 'agent', 'supervisor'],
      ['0000000000000003', 'workflow', 'supervisor'],
    ]);
  });
});

describe("a stored ingest key's project", () => {
  it("writes every span, its snapshot and its trace to the key's project, whatever baton.project says", () => {
    const snapshot = makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': '{"a":1}' });
    const spans = traces(span({ spanId: '0000000000000001', attrs: attrs({ 'baton.project': 'billing' }), events: [snapshot] }), span({ spanId: '0000000000000002' }));
    const keyed = toRows(spans, rowOptions(30, NOW, 'shop'));
    expect(linesOf(keyed.spans).map((l) => asObject(l, SPAN_COLUMNS).project)).toEqual(['shop', 'shop']);
    expect(linesOf(keyed.snapshots).map((l) => asObject(l, SNAPSHOT_COLUMNS).project)).toEqual(['shop']);
    expect(linesOf(keyed.traces).map((l) => asObject(l, TRACE_COLUMNS).project)).toEqual(['shop']);
    expect(keyed.touched).toEqual([{ project: 'shop', traceId: '0af7651916cd43dd8448eb211c80319c' }]);
    // Without a stored key, the attribute decides, as before.
    expect(linesOf(toRows(spans, opts).spans).map((l) => asObject(l, SPAN_COLUMNS).project)).toEqual(['billing', 'default']);
  });
});
