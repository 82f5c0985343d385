'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import type { SessionContradictionPage, SessionDetail, SessionFactPage, SessionHandoffPage, SessionTurnPage } from '@/lib/schemas/sessions';
import { apiFetch, queryString } from './api-fetch';
import { sessionKeys } from './query-keys';

/**
 * The session page's lists, each paged by cursor through its sub-route
 * (`/api/v1/sessions/{id}/turns|handoffs|facts|contradictions`). The first
 * page of each comes with the session detail and seeds its query, so opening
 * the page makes one request; "Load more" fetches the next. While the
 * session is live every loaded page is read again in place.
 */

export interface SessionPages {
  turns: SessionTurnPage;
  handoffs: SessionHandoffPage;
  facts: SessionFactPage;
  contradictions: SessionContradictionPage;
}

export type SessionListName = keyof SessionPages;

/** Items per page: the detail's first pages are as long (the API's default). */
export const SESSION_PAGE_SIZE = 50;

/** The detail's first page of each list, as its sub-route would answer it. */
export function firstPages(d: SessionDetail): SessionPages {
  return {
    turns: { turns: d.traces, context: d.context, contextTruncated: d.contextTruncated, nextCursor: d.nextCursors.turns },
    handoffs: { handoffs: d.handoffs, nextCursor: d.nextCursors.handoffs },
    facts: { facts: d.facts, nextCursor: d.nextCursors.facts },
    contradictions: { contradictions: d.contradictions, nextCursor: d.nextCursors.contradictions },
  };
}

export function useSessionPages<L extends SessionListName>(detail: SessionDetail, list: L, options: { live: boolean; updatedAt: number }) {
  const sessionId = detail.session.sessionId;
  return useInfiniteQuery({
    queryKey: sessionKeys.pages(sessionId, list, detail.analysisPending ? 'pending' : 'analysed'),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<SessionPages[L]>(`/api/v1/sessions/${encodeURIComponent(sessionId)}/${list}${queryString({ cursor: pageParam, limit: SESSION_PAGE_SIZE })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: { pages: [firstPages(detail)[list]], pageParams: [undefined] },
    initialDataUpdatedAt: options.updatedAt,
    refetchInterval: options.live ? 10_000 : false,
  });
}
