'use client';

import { useQuery } from '@tanstack/react-query';
import type { Me } from '@/lib/schemas/access';
import { apiFetch } from './api-fetch';

export const meKeys = { all: ['me'] as const };

/** Who is signed in (and whether this Baton needs sign-in at all); kept for 5 minutes. */
export function useMe() {
  return useQuery({ queryKey: meKeys.all, queryFn: ({ signal }) => apiFetch<Me>('/api/v1/me', signal), staleTime: 300_000 });
}
