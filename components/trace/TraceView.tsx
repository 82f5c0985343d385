'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { ChainPanel } from '@/components/chain/ChainPanel';
import { HandoffDialog } from '@/components/handoff/HandoffDialog';
import { ApiRequestError } from '@/hooks/api-fetch';
import { useTrace } from '@/hooks/useTrace';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { buildChain, type ChainNode } from '@/lib/trace-chain';
import { handoffMarks } from '@/lib/handoff-marks';
import { buildWaterfall } from '@/lib/trace-tree';
import { SpanDetails } from './SpanDetails';
import { TraceHeader } from './TraceHeader';
import { Waterfall } from './Waterfall';
import { AnalysisFailureNotice } from '@/components/ui/AnalysisFailureNotice';

/**
 * URL updates that read the query string when called, not when rendered:
 * the callbacks stay the same across selections, so memoized rows and graph
 * elements do not all re-render when one is selected.
 */
function useUrlPatch() {
  const router = useRouter();
  const pathname = usePathname();
  return useCallback(
    (patch: Record<string, string | undefined>, push = false) => {
      const next = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(patch)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const qs = next.toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (push) router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [pathname, router],
  );
}

/**
 * The trace page: header, the agent chain, the waterfall with the selected
 * span (`?span=`) beside it, and the diff of the selected handoff (`?handoff=`).
 */
export function TraceView({ traceId, shared = false }: { traceId: string; shared?: boolean }) {
  const query = useTrace(traceId);
  const params = useSearchParams();
  const router = useRouter();
  const patch = useUrlPatch();
  const selectedId = params.get('span') ?? undefined;
  const handoffId = params.get('handoff') ?? undefined;
  const data = query.data;
  const waterfall = useMemo(() => buildWaterfall(data?.spans ?? []), [data]);
  const marks = useMemo(() => handoffMarks(data?.traceId ?? traceId, data?.handoffs ?? []), [data, traceId]);
  const chain = useMemo(() => buildChain(data ?? { traceId, spans: [], handoffs: [] }), [data, traceId]);
  const spansById = useMemo(() => new Map((data?.spans ?? []).map((s) => [s.spanId, s])), [data]);
  const selected = selectedId ? spansById.get(selectedId) : undefined;

  const selectSpan = useCallback((spanId: string | undefined) => patch({ span: spanId }), [patch]);
  const openHandoff = useCallback((id: string) => patch({ handoff: id }, true), [patch]);
  const closeHandoff = useCallback(() => patch({ handoff: undefined }), [patch]);
  const selectNode = useCallback(
    (node: ChainNode) => {
      if (node.kind === 'agent' && node.spanId) patch({ span: node.spanId });
      else if (node.kind === 'external' && node.traceId) router.push(`/traces/${node.traceId}${node.spanId ? `?span=${node.spanId}` : ''}`);
      else if (node.kind === 'ghost') {
        const edge = chain.edges.find((e) => e.target === node.id || e.source === node.id);
        if (edge) patch({ handoff: edge.id }, true);
      }
    },
    [patch, router, chain],
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
    // Below lg the page scrolls as a whole (the waterfall keeps its own height); from lg it fills the window.
    <div className="flex flex-col gap-3 lg:h-[calc(100vh-5rem)] lg:min-h-[640px]">
      <TraceHeader trace={trace} waterfall={waterfall} onOpenHandoff={openHandoff} shared={shared} />
      {trace.analysisFailure && <AnalysisFailureNotice failure={trace.analysisFailure} what={trace.sessionId ? 'this trace’s session' : 'this trace'} />}
      {trace.truncated && (
        <p className="rounded bg-amber-50 px-3 py-1.5 text-sm text-amber-800 dark:bg-amber-950/40 dark:text-amber-300">
          This trace has more spans than one page shows; the first {trace.spans.length.toLocaleString('en-US')} by start time are listed.
        </p>
      )}
      <ChainPanel chain={chain} selectedHandoffId={handoffId} selectedSpanId={selectedId} onOpenHandoff={openHandoff} onSelectNode={selectNode} className="shrink-0" />
      <div className={selected ? 'grid min-h-0 flex-1 grid-cols-1 gap-3 lg:grid-cols-[3fr_2fr]' : 'flex min-h-0 flex-1 flex-col'}>
        <Waterfall waterfall={waterfall} marks={marks} selectedId={selectedId} onSelect={selectSpan} />
        {selected && <SpanDetails span={selected} onClose={() => selectSpan(undefined)} />}
      </div>
      <HandoffDialog handoffId={handoffId} handoff={trace.handoffs.find((h) => h.id === handoffId)} onClose={closeHandoff} />
    </div>
  );
}
