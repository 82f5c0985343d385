'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AgentsResponse } from '@/lib/schemas/agents';
import { apiFetch, queryString } from './api-fetch';
import type { RangeParams } from './query-keys';

export const agentKeys = {
  all: ['agents'] as const,
  range: (r: RangeParams) => ['agents', r] as const,
};

/** Every agent and agent pair of a range with volume, latency, errors and drift; refreshes every 30 s unless `live: false`. */
export function useAgents(range: RangeParams, options: { live?: boolean } = {}) {
  return useQuery({
    queryKey: agentKeys.range(range),
    queryFn: ({ signal }) => apiFetch<AgentsResponse>(`/api/v1/agents${queryString({ ...range })}`, signal),
    placeholderData: keepPreviousData,
    refetchInterval: options.live === false ? false : 30_000,
  });
}
