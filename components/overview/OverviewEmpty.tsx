import { SendDataHint } from '@/components/ui/SendDataHint';
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
            <SendDataHint />
          </>
        )}
      </div>
    </Empty>
  );
}
