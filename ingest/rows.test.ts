import { describe, expect, it } from 'vitest';
import { plannerFixture } from '@/tests/helpers/sdk-spans';
import { decodeTracesProtobuf } from './otlp/decode-protobuf';
import { FIXED_NOW, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import type { DecodedSpan } from './otlp/types';
import { rowOptions, toRows } from './rows';

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
    const rows = batch.spans.map((l) => JSON.parse(l));
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
    expect(agent.attribute_types['app.retries']).toBe('int');
    expect(agent.attributes['app.retries']).toBe('3');
  });

  it('stores a snapshot body once and leaves a reference in the event', () => {
    const snapshot = { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': '{"budget":300}', 'baton.handoff.id': 'h1', 'baton.handoff.to': 'writer' };
    const event = (t: number) => ({ timeNs: nsAt(NOW - t), name: 'baton.context.snapshot', attrs: { values: snapshot, types: {} }, droppedAttributesCount: 0 });
    const batch = toRows(traces(span({ spanId: '0000000000000001', events: [event(500), event(400)] }), span({ spanId: '0000000000000002', events: [event(300)] })), opts);
    expect(batch.snapshots).toHaveLength(3);
    expect(batch.bodies.size).toBe(1);
    const [hash, body] = [...batch.bodies][0]!;
    expect(JSON.parse(body)).toEqual(snapshot);
    expect(JSON.parse(batch.snapshots[0]!)).toMatchObject({ phase: 'sent', handoff_id: 'h1', handoff_to: 'writer', body_hash: hash, source: 'span_event' });
    const events = JSON.parse(JSON.parse(batch.spans[0]!).events);
    expect(events[0]).toMatchObject({ name: 'baton.context.snapshot', ref: hash, values: {} });
  });
});
