import { context, trace, TraceFlags } from '@opentelemetry/api';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';

/**
 * Real SDK log records, serialized by the OpenTelemetry JS serializers the
 * OTLP log exporters use: the payloads the logs decoders see in production.
 */

export const SNAPSHOT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const SNAPSHOT_SPAN_ID = '00f067aa0ba902b7';
/** 2026-01-02T03:04:05.123456789Z and the same plus 1 ms, in nanoseconds. */
export const SNAPSHOT_TIME_NS = '1767323045123456789';
export const OBSERVED_TIME_NS = '1767323045124456789';

export interface SdkLogsFixture {
  records: ReadableLogRecord[];
  protobuf: Uint8Array;
  json: Uint8Array;
}

const hrTime = (ns: string): [number, number] => [Number(ns.slice(0, -9)), Number(ns.slice(-9))];

/**
 * Three records from one logger:
 * - a snapshot with event_name, a key-value list body and typed attributes, inside the agent span;
 * - a snapshot in the older form (an `event.name` attribute, no event_name), inside the same span;
 * - a plain application log with a string body, severity and more attributes than the limit (one dropped).
 */
export function snapshotLogsFixture(): SdkLogsFixture {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'planner-svc', 'baton.project': 'travel', 'session.id': 'sess-resource' }),
    logRecordLimits: { attributeCountLimit: 10 },
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('fixture-logs', '3.0.0');
  const inSpan = trace.setSpanContext(context.active(), {
    traceId: SNAPSHOT_TRACE_ID,
    spanId: SNAPSHOT_SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
  });
  logger.emit({
    eventName: 'baton.context.snapshot',
    timestamp: hrTime(SNAPSHOT_TIME_NS),
    observedTimestamp: hrTime(OBSERVED_TIME_NS),
    severityNumber: 9,
    severityText: 'INFO',
    body: { 'baton.snapshot.text': 'Plan a trip to Lisbon', 'baton.snapshot.phase': 'checkpoint' },
    attributes: {
      'baton.snapshot.phase': 'sent',
      'baton.snapshot.facts': JSON.stringify({ trip: { budget: 300 } }),
      'baton.snapshot.tokens': 1200,
      'baton.snapshot.truncated': false,
      'baton.snapshot.updates': ['trip.budget'],
      'baton.handoff.id': 'h-1',
      'baton.handoff.to': 'booker',
      'gen_ai.agent.name': 'planner',
    },
    context: inSpan,
  });
  logger.emit({
    timestamp: hrTime(SNAPSHOT_TIME_NS),
    body: 'context as of the booking',
    attributes: { 'event.name': 'baton.context.snapshot', 'baton.snapshot.phase': 'received', 'agent.name': 'booker', 'session.id': 'sess-record' },
    context: inSpan,
  });
  logger.emit({
    timestamp: hrTime(SNAPSHOT_TIME_NS),
    severityNumber: 13,
    severityText: 'WARN',
    body: 'retrying the payment gateway',
    attributes: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`app.attr${i}`, i])),
  });
  const records = exporter.getFinishedLogRecords();
  return {
    records,
    protobuf: ProtobufLogsSerializer.serializeRequest(records) as Uint8Array,
    json: JsonLogsSerializer.serializeRequest(records) as Uint8Array,
  };
}
