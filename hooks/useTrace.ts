'use client';

import { useQuery } from '@tanstack/react-query';
import type { TraceDetail } from '@/lib/schemas/api';
import { apiFetch } from './api-fetch';
import { traceKeys } from './query-keys';

/**
 * One trace. A trace may still be receiving spans, so it is not treated as
 * immutable: it refreshes while recent, less often once it has settled.
 */
export function useTrace(traceId: string) {
  return useQuery({
    queryKey: traceKeys.detail(traceId),
    queryFn: ({ signal }) => apiFetch<TraceDetail>(`/api/v1/traces/${encodeURIComponent(traceId)}`, signal),
    refetchInterval: (query) => {
      const spans = query.state.data?.spans;
      if (!spans || spans.length === 0) return false;
      const lastEnd = spans.reduce((m, s) => Math.max(m, Date.parse(s.endTime)), 0);
      return Date.now() - lastEnd < 5 * 60_000 ? 5_000 : false;
    },
  });
}
