'use client';

import { useRouter } from 'next/navigation';
import { MetricChart } from '@/components/charts/MetricChart';
import { ShareButton } from '@/components/share/ShareButton';
import { CopyLinkButton } from '@/components/ui/CopyLinkButton';
import { Panel } from '@/components/ui/Panel';
import { ErrorState, Loading } from '@/components/ui/StatusMessage';
import { TimeRangePicker } from '@/components/ui/TimeRangePicker';
import { useStats } from '@/hooks/useStats';
import { useTimeRange } from '@/hooks/useTimeRange';
import { bucketRange, withRange } from '@/lib/links';
import { defaultStep } from '@/lib/schemas/metrics';
import { CriticalHandoffs } from './CriticalHandoffs';
import { DriftImpact } from './DriftImpact';
import { DriftPanel } from './DriftPanel';
import { HeadlineNumbers } from './HeadlineNumbers';
import { OverviewEmpty } from './OverviewEmpty';
import { ScoreHistogram } from './ScoreHistogram';

/**
 * The overview (`/`): headline figures and charts over the page's time range,
 * each linking to the list behind it with the range carried along; a chart's
 * bucket opens the list for that bucket's time.
 */
export function OverviewView() {
  const router = useRouter();
  const { range, resolved, setRange } = useTimeRange();
  const { fromMs, toMs } = resolved;
  const stats = useStats({ from: fromMs, to: toMs });
  const step = defaultStep(fromMs, toMs);
  const openBucket = (path: string) => (t: number) => router.push(withRange(path, bucketRange(t, step)));
  const s = stats.data;
  const empty = s !== undefined && s.spans === 0 && s.sessions === 0 && s.handoffs.total === 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Overview</h1>
        <div className="flex items-center gap-2">
          <TimeRangePicker />
          <CopyLinkButton />
        </div>
      </div>
      {stats.isPending && <Loading label="Loading the overview…" />}
      {stats.isError && <ErrorState title="Could not load the overview" error={stats.error} onRetry={() => void stats.refetch()} />}
      {empty && <OverviewEmpty extent={s.dataExtent} onShow={setRange} now={stats.dataUpdatedAt} />}
      {s && !empty && (
        <>
          <HeadlineNumbers stats={s} range={range} />
          <div className="grid gap-4 lg:grid-cols-2">
            <Panel title="Spans" href={withRange('/traces', range)} prefetch={false} actions={<ShareButton resource="panel" panel={{ metric: 'spans', step, range }} />}>
              <MetricChart metric="spans" fromMs={fromMs} toMs={toMs} step={step} onBucket={openBucket('/traces')} />
            </Panel>
            <Panel title="Sessions started" href={withRange('/sessions', range)} prefetch={false} actions={<ShareButton resource="panel" panel={{ metric: 'sessions', step, range }} />}>
              <MetricChart metric="sessions" fromMs={fromMs} toMs={toMs} step={step} color="#0ea5e9" onBucket={openBucket('/sessions')} />
            </Panel>
            <DriftPanel range={range} fromMs={fromMs} toMs={toMs} step={step} stats={s} onBucket={openBucket('/handoffs')} />
            <ScoreHistogram stats={s} range={range} />
            <DriftImpact stats={s} range={range} />
            <CriticalHandoffs range={range} fromMs={fromMs} toMs={toMs} />
          </div>
        </>
      )}
    </div>
  );
}
