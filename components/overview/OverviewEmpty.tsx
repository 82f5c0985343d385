import { SendDataHint } from '@/components/ui/SendDataHint';
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
        <SendDataHint />
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
