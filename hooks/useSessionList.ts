'use client';

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { SessionListFilters } from '@/lib/sessions/list-filters';
import type { SessionList } from '@/lib/schemas/sessions';
import { DEFAULT_RANGE, isRelative, resolveRange, type TimeRange } from '@/lib/time-range';
import { apiFetch, queryString } from './api-fetch';

/**
 * The sessions list page's query. Keyed by the range as the URL says it
 * (`now-24h`), not by resolved milliseconds: a relative range is resolved at
 * each fetch, so the live refresh re-reads every loaded page in place instead
 * of starting a new list every time the clock moves (no flicker, no lost
 * pages, the scroll position stays). Changing a filter keeps the previous
 * rows on screen until the new ones arrive.
 */
export const sessionListKeys = {
  page: (range: TimeRange, filters: SessionListFilters) => ['sessions', 'list-page', range, filters] as const,
};

export const SESSION_PAGE_SIZE = 50;
export const SESSION_REFRESH_MS = 10_000;

export function useSessionList(range: TimeRange, filters: SessionListFilters) {
  return useInfiniteQuery({
    queryKey: sessionListKeys.page(range, filters),
    queryFn: ({ pageParam, signal }) => {
      const resolved = resolveRange(range, Date.now()) ?? (resolveRange(DEFAULT_RANGE, Date.now()) as NonNullable<ReturnType<typeof resolveRange>>);
      const qs = queryString({ ...filters, from: resolved.fromMs, to: resolved.toMs, cursor: pageParam, limit: SESSION_PAGE_SIZE });
      return apiFetch<SessionList>(`/api/v1/sessions${qs}`, signal);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // A range ending at a fixed time (a frozen link) does not refresh.
    refetchInterval: isRelative(range) ? SESSION_REFRESH_MS : false,
  });
}
