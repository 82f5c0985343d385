import { Empty } from '@/components/ui/StatusMessage';

const code = 'rounded bg-zinc-100 px-1 py-px font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200';

/** No telemetry in the range: how to send some, or widen the range. */
export function OverviewEmpty({ onWiden }: { onWiden: () => void }) {
  return (
    <Empty title="No telemetry in this time range">
      <div className="mx-auto max-w-xl space-y-3 text-left">
        <p>
          If Baton has not received anything yet, send it some traces. To try it with simulated multi-agent traffic, run{' '}
          <code className={code}>npm run demo</code>: two weeks of sessions, then a live trickle.
        </p>
        <p>
          For your own agents, point any OpenTelemetry SDK or Collector at Baton&apos;s OTLP/HTTP endpoint (port 4318 unless{' '}
          <code className={code}>BATON_OTLP_HTTP_PORT</code> says otherwise):
        </p>
        <pre className={`${code} block overflow-x-auto whitespace-pre p-2`}>
          {'OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf'}
        </pre>
        <p>
          Older data?{' '}
          <button type="button" onClick={onWiden} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Show the last 30 days
          </button>
          .
        </p>
      </div>
    </Empty>
  );
}
