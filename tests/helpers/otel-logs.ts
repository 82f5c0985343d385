import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { grpcCompression, grpcMetadata, type ExporterOptions, type Protocol } from './otel';

/**
 * The real OpenTelemetry logs SDK and OTLP log exporters, pointed at a Baton
 * receiver (the logs counterpart of otelHarness in ./otel.ts).
 */

type Logger = ReturnType<LoggerProvider['getLogger']>;

export interface OtelLogsHarness {
  logger: Logger;
  /** Exports everything emitted so far; rejects if the receiver refused it. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

function logExporter(endpoint: string, protocol: Protocol, headers: Record<string, string> | undefined, options: ExporterOptions): LogRecordExporter {
  if (protocol === 'grpc') return new GrpcLogExporter({ url: endpoint, metadata: grpcMetadata(headers), compression: grpcCompression(options) });
  const url = `${endpoint}/v1/logs`;
  return protocol === 'http/protobuf' ? new ProtoLogExporter({ url, headers }) : new JsonLogExporter({ url, headers });
}

export function otelLogsHarness(endpoint: string, protocol: Protocol, service = 'test-agents', headers?: Record<string, string>, options: ExporterOptions = {}): OtelLogsHarness {
  const exporter = logExporter(endpoint, protocol, headers, options);
  const failures: Error[] = [];
  const pending = new Set<Promise<void>>();
  const checked: LogRecordExporter = {
    export: (records, done) => {
      let finish = () => {};
      const exported = new Promise<void>((resolve) => (finish = resolve));
      pending.add(exported);
      exporter.export(records, (result) => {
        if (result.error) failures.push(result.error);
        done(result);
        pending.delete(exported);
        finish();
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
  const provider = new LoggerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': service })),
    processors: [new SimpleLogRecordProcessor({ exporter: checked })],
  });
  return {
    logger: provider.getLogger('baton-tests', '1.0.0'),
    async flush() {
      await provider.forceFlush();
      // The simple processor does not wait for its exports: wait for the receiver's answers here.
      await Promise.all([...pending]);
      const failure = failures.shift();
      if (failure) throw failure;
    },
    shutdown: () => provider.shutdown(),
  };
}
