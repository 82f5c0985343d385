'use client';

import { useQuery } from '@tanstack/react-query';
import type { TraceDetail } from '@/lib/schemas/api';
import { apiFetch } from './api-fetch';
import { traceKeys } from './query-keys';

/**
 * One trace. A trace may still be receiving spans, so it is not treated as
 * immutable: it refreshes while recent (large traces less often), and not
 * at all once it has settled. Unchanged data keeps its identity (React
 * Query's structural sharing), so a refresh re-renders nothing.
 */
export function useTrace(traceId: string) {
  return useQuery({
    queryKey: traceKeys.detail(traceId),
    queryFn: ({ signal }) => apiFetch<TraceDetail>(`/api/v1/traces/${encodeURIComponent(traceId)}`, signal),
    refetchInterval: (query) => {
      const spans = query.state.data?.spans;
      if (!spans || spans.length === 0) return false;
      const lastEnd = spans.reduce((m, s) => Math.max(m, Date.parse(s.endTime)), 0);
      // Re-reading a very large trace costs a second of server time: poll it less often.
      return Date.now() - lastEnd < 5 * 60_000 ? (spans.length > 2_000 ? 30_000 : 5_000) : false;
    },
  });
}
