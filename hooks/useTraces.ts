'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import type { TraceList } from '@/lib/schemas/api';
import { apiFetch, queryString } from './api-fetch';
import { traceKeys, type TraceFilters } from './query-keys';

/** Recent traces, newest first, paged by cursor; refreshes while the page is open. */
export function useTraces(filters: TraceFilters) {
  return useInfiniteQuery({
    queryKey: traceKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<TraceList>(`/api/v1/traces${queryString({ ...filters, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 5_000,
  });
}
