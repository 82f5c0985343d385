import { context, trace, SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { Metadata } from '@grpc/grpc-js';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

/**
 * The real OpenTelemetry SDK and OTLP exporters, pointed at a Baton receiver.
 * Tests build spans with the ordinary tracer API and flush them; nothing here
 * knows Baton's wire handling.
 */

/** As OTEL_EXPORTER_OTLP_PROTOCOL names them. */
export type Protocol = 'http/protobuf' | 'http/json' | 'grpc';

/** Options of the gRPC exporters (the HTTP ones here send uncompressed), and of the span processor. */
export interface ExporterOptions {
  /** gzip every export (OTEL_EXPORTER_OTLP_COMPRESSION=gzip). */
  gzip?: boolean;
  /**
   * Batch spans as applications do (BatchSpanProcessor, exporting every
   * 200 ms) instead of exporting each span as it ends.
   */
  batch?: boolean;
  /** More resource attributes besides `service.name` (e.g. `baton.project`). */
  resource?: Record<string, string>;
}

type GrpcCompression = NonNullable<ConstructorParameters<typeof GrpcExporter>[0]>['compression'];

/** Headers as gRPC metadata, the way the gRPC exporters send OTEL_EXPORTER_OTLP_HEADERS. */
export function grpcMetadata(headers: Record<string, string> = {}): Metadata {
  const md = new Metadata();
  for (const [key, value] of Object.entries(headers)) md.set(key.toLowerCase(), value);
  return md;
}

/** The compression option of the gRPC exporters (their enum's value). */
export const grpcCompression = (options: ExporterOptions): GrpcCompression => (options.gzip ? 'gzip' : 'none') as GrpcCompression;

function traceExporter(endpoint: string, protocol: Protocol, headers: Record<string, string> | undefined, options: ExporterOptions): SpanExporter {
  // The gRPC endpoint is the server's address; the HTTP ones take the signal's path.
  if (protocol === 'grpc') return new GrpcExporter({ url: endpoint, metadata: grpcMetadata(headers), compression: grpcCompression(options) });
  const url = `${endpoint}/v1/traces`;
  return protocol === 'http/protobuf' ? new ProtoExporter({ url, headers }) : new JsonExporter({ url, headers });
}

export interface OtelHarness {
  tracer: Tracer;
  /** Exports everything ended so far; rejects if the receiver refused it. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function otelHarness(endpoint: string, protocol: Protocol, service = 'test-agents', headers?: Record<string, string>, options: ExporterOptions = {}): OtelHarness {
  const exporter = traceExporter(endpoint, protocol, headers, options);
  const failures: Error[] = [];
  const checked: SpanExporter = {
    export: (spans, done) =>
      exporter.export(spans, (result) => {
        if (result.error) failures.push(result.error);
        done(result);
      }),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ ...options.resource, 'service.name': service })),
    spanProcessors: [options.batch ? new BatchSpanProcessor(checked, { scheduledDelayMillis: 200 }) : new SimpleSpanProcessor(checked)],
  });
  return {
    tracer: provider.getTracer('baton-tests', '1.0.0'),
    async flush() {
      // The provider rejects with an array of errors; throw the exporter's own (a gRPC one carries its status code).
      const flushed = await provider.forceFlush().then(() => undefined, (err: unknown) => err);
      const [failure] = failures.splice(0);
      if (failure ?? flushed) throw failure ?? flushed;
    },
    shutdown: () => provider.shutdown(),
  };
}

type Attrs = Record<string, string | number | boolean | string[]>;

/**
 * Runs `fn` inside a span that is a child of `parent` (a root when undefined)
 * and ends it. The parent is passed explicitly, so no global context manager
 * is needed.
 */
export function within<T>(tracer: Tracer, parent: Span | undefined, name: string, attributes: Attrs, fn: (span: Span) => T, kind = SpanKind.INTERNAL): T {
  const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
  const span = tracer.startSpan(name, { attributes, kind }, ctx);
  try {
    return fn(span);
  } finally {
    span.end();
  }
}

export interface AgentTraceIds {
  traceId: string;
  rootSpanId: string;
  spanIds: string[];
}

/**
 * A small multi-agent request in the OTel GenAI conventions: a triage agent
 * calls a model, then hands the work to a billing agent that calls a tool,
 * which fails once. The billing agent records a context snapshot.
 */
export function emitTriageTrace(tracer: Tracer, sessionId: string, userId = 'user-7'): AgentTraceIds {
  const spanIds: string[] = [];
  const record = (span: Span) => spanIds.push(span.spanContext().spanId);
  let traceId = '';
  let rootSpanId = '';
  within(tracer, undefined, 'invoke_agent triage', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'triage', 'session.id': sessionId, 'user.id': userId }, (root) => {
    record(root);
    traceId = root.spanContext().traceId;
    rootSpanId = root.spanContext().spanId;
    within(tracer, root, 'chat gpt-4o', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 812, 'gen_ai.usage.output_tokens': 64 }, record, SpanKind.CLIENT);
    within(tracer, root, 'invoke_agent billing', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'billing' }, (billing) => {
      record(billing);
      billing.addEvent('baton.context.snapshot', {
        'baton.snapshot.phase': 'received',
        'baton.snapshot.facts': JSON.stringify({ customer: { id: 'C-42' }, budget: 300 }),
        'baton.handoff.id': `h-${sessionId}`,
      });
      within(tracer, billing, 'execute_tool refund', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'refund' }, (tool) => {
        record(tool);
        tool.setStatus({ code: SpanStatusCode.ERROR, message: 'payment gateway timeout' });
      });
    });
  });
  return { traceId, rootSpanId, spanIds };
}

/** Spans built with a real tracer under a service's resource, ended and not yet exported. */
export async function finishedSpans(build: (tracer: Tracer) => void, service = 'test-agents'): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': service })),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  build(provider.getTracer('baton-tests', '1.0.0'));
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

/** Sends finished spans through a real OTLP exporter in one export, as a batch processor or a forwarding collector does. */
export async function exportSpans(endpoint: string, protocol: Protocol, spans: ReadableSpan[]): Promise<void> {
  const exporter = traceExporter(endpoint, protocol, undefined, {});
  try {
    await new Promise<void>((resolve, reject) => exporter.export(spans, (result) => (result.error ? reject(result.error) : resolve())));
  } finally {
    await exporter.shutdown();
  }
}

/**
 * A span as another service sends it with the same trace and span id (a
 * buggy propagator, a re-export): another resource, and whatever else `change` says.
 */
export function fromOtherService(span: ReadableSpan, service: string, change: Partial<Pick<ReadableSpan, 'name' | 'attributes'>> = {}): ReadableSpan {
  return {
    name: change.name ?? span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: change.attributes ?? span.attributes,
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': service })),
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/**
 * Builds spans with a real tracer and returns them serialized exactly as the
 * OTLP/HTTP protobuf exporter would send them: for tests that must deliver the
 * very same bytes twice, as an exporter's retry does.
 */
export async function serializedSpans(build: (tracer: Tracer) => void, service = 'test-agents'): Promise<Uint8Array> {
  return ProtobufTraceSerializer.serializeRequest(await finishedSpans(build, service)) as Uint8Array;
}
