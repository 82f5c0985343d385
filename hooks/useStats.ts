'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Stats } from '@/lib/schemas/stats';
import { apiFetch, queryString } from './api-fetch';
import type { RangeParams } from './query-keys';

export const statsKeys = {
  all: ['stats'] as const,
  range: (r: RangeParams) => ['stats', r] as const,
};

/** Headline figures and the score histogram of a range; refreshes every 30 s. */
export function useStats(range: RangeParams) {
  return useQuery({
    queryKey: statsKeys.range(range),
    queryFn: ({ signal }) => apiFetch<Stats>(`/api/v1/stats${queryString({ ...range })}`, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
