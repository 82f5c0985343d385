'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { ApiRequestError } from '@/hooks/api-fetch';
import { useTrace } from '@/hooks/useTrace';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { buildWaterfall } from '@/lib/trace-tree';
import { SpanDetails } from './SpanDetails';
import { TraceHeader } from './TraceHeader';
import { Waterfall } from './Waterfall';

/** The trace page: waterfall on the left, the selected span (`?span=`) on the right. */
export function TraceView({ traceId }: { traceId: string }) {
  const query = useTrace(traceId);
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const selectedId = params.get('span') ?? undefined;
  const waterfall = useMemo(() => buildWaterfall(query.data?.spans ?? []), [query.data]);
  const selected = selectedId ? query.data?.spans.find((s) => s.spanId === selectedId) : undefined;

  const select = useCallback(
    (spanId: string | undefined) => {
      const next = new URLSearchParams(params);
      if (spanId) next.set('span', spanId);
      else next.delete('span');
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  if (query.isPending) return <Loading label="Loading trace…" />;
  if (query.isError) {
    if (query.error instanceof ApiRequestError && query.error.status === 404) {
      return (
        <Empty title="Trace not found">
          No span of trace <code className="font-mono">{traceId}</code> is stored. It may still be on its way, or be older than the
          retention period.
        </Empty>
      );
    }
    return <ErrorState title="Could not load this trace" error={query.error} onRetry={() => void query.refetch()} />;
  }

  const trace = query.data;
  return (
    <div className="flex h-[calc(100vh-5rem)] flex-col gap-3">
      <TraceHeader trace={trace} waterfall={waterfall} />
      {trace.truncated && (
        <p className="rounded bg-amber-50 px-3 py-1.5 text-sm text-amber-800 dark:bg-amber-950/40 dark:text-amber-300">
          This trace has more spans than one page shows; the first {trace.spans.length} by start time are listed.
        </p>
      )}
      <div className={selected ? 'grid min-h-0 flex-1 grid-cols-1 gap-3 lg:grid-cols-[3fr_2fr]' : 'flex min-h-0 flex-1 flex-col'}>
        <Waterfall waterfall={waterfall} selectedId={selectedId} onSelect={select} />
        {selected && <SpanDetails span={selected} onClose={() => select(undefined)} />}
      </div>
    </div>
  );
}
