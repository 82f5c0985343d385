'use client';

import { useMe } from '@/hooks/useMe';

const code = 'rounded bg-zinc-100 px-1 py-px font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200';

/** How to send telemetry to this Baton: its own OTLP addresses (as the browser reaches it), in the variables every OpenTelemetry SDK reads. */
export function SendDataHint() {
  const me = useMe();
  const otlp = me.data?.otlp;
  if (!otlp) return null;
  if (!otlp.http && !otlp.grpc) {
    return <p>This Baton process serves the UI only: point your exporters at the OTLP endpoint of its ingest processes.</p>;
  }
  const lines = otlp.http
    ? `OTEL_EXPORTER_OTLP_ENDPOINT=${otlp.http}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`
    : `OTEL_EXPORTER_OTLP_ENDPOINT=${otlp.grpc}\nOTEL_EXPORTER_OTLP_PROTOCOL=grpc`;
  return (
    <div className="space-y-1">
      <p>Point any OpenTelemetry SDK or Collector at this Baton:</p>
      <pre data-testid="otlp-endpoint" className={`${code} block overflow-x-auto whitespace-pre p-2 text-left`}>
        {lines}
      </pre>
      {otlp.http && otlp.grpc && (
        <p className="text-xs">
          OTLP/gRPC (a Collector&apos;s default): <code className={code}>{otlp.grpc}</code>
        </p>
      )}
    </div>
  );
}
