import { Empty } from '@/components/ui/StatusMessage';
import { rangeForExtent } from '@/lib/data-extent';
import { formatTime } from '@/lib/format';
import type { DataExtent } from '@/lib/schemas/stats';
import type { TimeRange } from '@/lib/time-range';

const code = 'rounded bg-zinc-100 px-1 py-px font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200';

/** No telemetry in the range: where the stored data is (and one button to show it), else how to send some. */
export function OverviewEmpty({ extent, onShow, now }: { extent: DataExtent | null; onShow: (r: TimeRange) => void; now: number }) {
  const offer = extent && rangeForExtent(extent, now);
  return (
    <Empty title="No telemetry in this time range">
      <div className="mx-auto max-w-xl space-y-3 text-left">
        {extent && offer && (
          <p role="status">
            Baton holds telemetry from <time dateTime={new Date(extent.fromMs).toISOString()}>{formatTime(new Date(extent.fromMs).toISOString())}</time> to{' '}
            <time dateTime={new Date(extent.toMs).toISOString()}>{formatTime(new Date(extent.toMs).toISOString())}</time>, outside this range.{' '}
            <button type="button" onClick={() => onShow(offer.range)} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
              {offer.label}
            </button>
          </p>
        )}
        {!extent && (
          <>
            <p>
              Baton has not received anything yet: send it some traces. To try it with simulated multi-agent traffic, run{' '}
              <code className={code}>npm run demo</code>: two weeks of sessions, then a live trickle.
            </p>
            <p>
              For your own agents, point any OpenTelemetry SDK or Collector at Baton&apos;s OTLP/HTTP endpoint (port 4318 unless{' '}
              <code className={code}>BATON_OTLP_HTTP_PORT</code> says otherwise):
            </p>
            <pre className={`${code} block overflow-x-auto whitespace-pre p-2`}>
              {'OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf'}
            </pre>
          </>
        )}
      </div>
    </Empty>
  );
}
