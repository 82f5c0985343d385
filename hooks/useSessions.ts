'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { SessionDetail, SessionList } from '@/lib/schemas/sessions';
import { apiFetch, queryString } from './api-fetch';
import { sessionKeys, type SessionFilters } from './query-keys';

/** Sessions in a time range, newest first, paged by cursor; refreshes while the page is open. */
export function useSessions(filters: SessionFilters, options: { limit?: number; live?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: sessionKeys.list(filters),
    queryFn: ({ pageParam, signal }) => apiFetch<SessionList>(`/api/v1/sessions${queryString({ ...filters, cursor: pageParam, limit: options.limit ?? 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: options.live === false ? false : 10_000,
  });
}

/** A session is live while its last turn is recent, or while the analyzer has yet to fold it: its page refreshes. */
export function isLive(detail: SessionDetail | undefined, now = Date.now()): boolean {
  if (!detail) return false;
  return detail.analysisPending || now - Date.parse(detail.session.endTime) < 10 * 60_000;
}

/** One session as the analyzer stored it (summary, metrics, first pages of its lists); refreshes while live. */
export function useSession(sessionId: string) {
  return useQuery({
    queryKey: sessionKeys.detail(sessionId),
    queryFn: ({ signal }) => apiFetch<SessionDetail>(`/api/v1/sessions/${encodeURIComponent(sessionId)}`, signal),
    refetchInterval: (query) => (isLive(query.state.data) ? 10_000 : false),
  });
}
