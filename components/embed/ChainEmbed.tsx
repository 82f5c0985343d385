'use client';

import { useCallback, useMemo } from 'react';
import { ChainPanel } from '@/components/chain/ChainPanel';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { ApiRequestError } from '@/hooks/api-fetch';
import { useTrace } from '@/hooks/useTrace';
import { buildChain, type ChainNode } from '@/lib/trace-chain';
import { OpenInBaton } from './OpenInBaton';

const openTab = (path: string) => window.open(path, '_blank', 'noopener');

/**
 * A trace's agent chain alone, for an iframe. The embed never navigates
 * itself: selecting a handoff or an agent opens it in Baton, in a new tab.
 */
export function ChainEmbed({ traceId }: { traceId: string }) {
  const query = useTrace(traceId);
  const chain = useMemo(() => buildChain(query.data ?? { traceId, spans: [], handoffs: [] }), [query.data, traceId]);
  const page = `/traces/${traceId}`;
  const openHandoff = useCallback((id: string) => openTab(`${page}?handoff=${encodeURIComponent(id)}`), [page]);
  const selectNode = useCallback(
    (node: ChainNode) => {
      if (node.kind === 'agent' && node.spanId) openTab(`${page}?span=${node.spanId}`);
      else if (node.kind === 'external' && node.traceId) openTab(`/traces/${node.traceId}${node.spanId ? `?span=${node.spanId}` : ''}`);
    },
    [page],
  );
  if (query.isPending) return <Loading label="Loading the agent chain…" />;
  if (query.isError) {
    if (query.error instanceof ApiRequestError && query.error.status === 404) {
      return (
        <Empty title="Trace not found">
          No span of trace <code className="font-mono">{traceId}</code> is stored.
        </Empty>
      );
    }
    return <ErrorState title="Could not load this trace" error={query.error} onRetry={() => void query.refetch()} />;
  }
  return (
    <ChainPanel
      chain={chain}
      onOpenHandoff={openHandoff}
      onSelectNode={selectNode}
      actions={<OpenInBaton href={page} />}
      fill
      className="h-[calc(100vh-1.5rem)]"
    />
  );
}
