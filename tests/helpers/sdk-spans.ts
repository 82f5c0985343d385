import { SpanKind, SpanStatusCode, trace, context } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Real SDK spans, serialized by the OpenTelemetry JS serializers the OTLP
 * exporters use: the payloads the decoders see in production.
 */

export interface SdkFixture {
  spans: ReadableSpan[];
  protobuf: Uint8Array;
  json: Uint8Array;
}

/** A planner agent span with a child llm span, every attribute type, an event and a link. */
export function plannerFixture(): SdkFixture {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'planner-svc', 'deployment.environment': 'prod' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('fixture-scope', '2.1.0');
  const root = tracer.startSpan(
    'invoke_agent planner',
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'planner',
        'session.id': 'sess-1',
        'user.id': 'u-1',
        'app.retries': 3,
        'app.score': 0.25,
        'app.ok': true,
        'app.tags': ['a', 'b'],
        'app.counts': [1, 2, 3],
      },
      links: [{ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }, attributes: { 'link.reason': 'queued' } }],
    },
  );
  root.addEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': '{"budget":300}' });
  const child = tracer.startSpan(
    'chat gpt-4o',
    { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30 } },
    trace.setSpan(context.active(), root),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  child.end();
  root.end();
  const spans = exporter.getFinishedSpans();
  return {
    spans,
    protobuf: ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array,
    json: JsonTraceSerializer.serializeRequest(spans) as Uint8Array,
  };
}
