'use client';

import { useQuery } from '@tanstack/react-query';
import type { HandoffDetail } from '@/lib/schemas/handoffs';
import { apiFetch } from './api-fetch';

/** Keys of one handoff's detail (kept here, beside its only hook). */
export const handoffDetailKeys = {
  detail: (handoffId: string) => ['handoffs', 'detail', handoffId] as const,
};

/** One handoff with both sides as its drift compared them. Ids hold `:` and `>`: always encoded. */
export function useHandoff(handoffId: string | undefined) {
  return useQuery({
    queryKey: handoffDetailKeys.detail(handoffId ?? ''),
    queryFn: ({ signal }) => apiFetch<HandoffDetail>(`/api/v1/handoffs/${encodeURIComponent(handoffId ?? '')}`, signal),
    enabled: Boolean(handoffId),
    staleTime: 30_000,
  });
}
