'use client';

import { useQuery } from '@tanstack/react-query';
import type { Shared } from '@/lib/schemas/shared';
import { apiFetch } from './api-fetch';

/** The share link this page opens (once: each fetch counts as a view). */
export function useShared() {
  return useQuery({
    queryKey: ['shared'],
    queryFn: ({ signal }) => apiFetch<Shared>('/api/v1/shared', signal),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
}
