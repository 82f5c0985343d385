'use client';

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { HandoffList } from '@/lib/schemas/handoffs';
import { isRelative, resolveRange, type TimeRange } from '@/lib/time-range';
import { apiFetch, queryString } from './api-fetch';

export interface HandoffListFilters {
  fromAgent?: string;
  toAgent?: string;
  severity?: string;
  /** `time` (the default), `severity` or `fidelity`, and `asc` or `desc` (docs/api.md). */
  sort?: string;
  order?: string;
}

export const handoffListKeys = {
  all: ['handoffs', 'explorer'] as const,
  list: (range: TimeRange, filters: HandoffListFilters) => ['handoffs', 'explorer', range, filters] as const,
};

/**
 * The handoffs explorer's list. Keyed by the range as written (`now-24h`),
 * not by its resolved times: a relative range is resolved when the first page
 * is fetched, so the pages already loaded are kept while the clock moves, and
 * each refresh (every 10 s) picks up the newest handoffs. A range that ends
 * at a fixed time (a frozen link) does not refresh.
 */
export function useHandoffList(range: TimeRange, filters: HandoffListFilters, options: { limit?: number } = {}) {
  return useInfiniteQuery({
    queryKey: handoffListKeys.list(range, filters),
    queryFn: ({ pageParam, signal }) => {
      const resolved = resolveRange(range, Date.now());
      const window = resolved ? { from: resolved.fromMs, to: resolved.toMs } : {};
      return apiFetch<HandoffList>(`/api/v1/handoffs${queryString({ ...window, ...filters, cursor: pageParam, limit: options.limit ?? 50 })}`, signal);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: isRelative(range) ? 10_000 : false,
  });
}
