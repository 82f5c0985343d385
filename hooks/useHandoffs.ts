'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import type { HandoffList } from '@/lib/schemas/handoffs';
import { apiFetch, queryString } from './api-fetch';
import { handoffKeys, type HandoffFilters } from './query-keys';

/** Handoffs in a time range, newest first, paged by cursor; refreshes while the page is open. */
export function useHandoffs(filters: HandoffFilters, options: { limit?: number } = {}) {
  return useInfiniteQuery({
    queryKey: handoffKeys.list(filters),
    queryFn: ({ pageParam, signal }) => apiFetch<HandoffList>(`/api/v1/handoffs${queryString({ ...filters, cursor: pageParam, limit: options.limit ?? 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 10_000,
  });
}
