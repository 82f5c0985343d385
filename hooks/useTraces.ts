'use client';

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { TraceList } from '@/lib/schemas/api';
import { DEFAULT_RANGE, isRelative, resolveRange, type TimeRange } from '@/lib/time-range';
import { apiFetch, queryString } from './api-fetch';
import { traceKeys, type TraceFilters } from './query-keys';

/**
 * Traces in a time range, newest first, paged by cursor; refreshes while the
 * page is open. Keyed by the range as the URL writes it (`now-24h`) and
 * resolved at each fetch, so a refresh re-reads the loaded pages in place
 * instead of starting a new list whenever the clock moves.
 */
export function useTraces(filters: TraceFilters, range: TimeRange = DEFAULT_RANGE) {
  return useInfiniteQuery({
    queryKey: [...traceKeys.list(filters), range],
    queryFn: ({ pageParam, signal }) => {
      const r = resolveRange(range, Date.now()) ?? resolveRange(DEFAULT_RANGE, Date.now())!;
      return apiFetch<TraceList>(`/api/v1/traces${queryString({ ...filters, from: r.fromMs, to: r.toMs, cursor: pageParam, limit: 50 })}`, signal);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // A range ending at a fixed time (a frozen link) does not refresh.
    refetchInterval: isRelative(range) ? 5_000 : false,
  });
}
