'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MetricsResponse } from '@/lib/schemas/metrics';
import { apiFetch, queryString } from './api-fetch';
import { metricKeys, type MetricQuery } from './query-keys';

/** One metric's series over a range (`groupBy` agent or agent_pair splits it); refreshes every 30 s. */
export function useMetric(q: MetricQuery) {
  return useQuery({
    queryKey: metricKeys.series(q),
    queryFn: ({ signal }) => apiFetch<MetricsResponse>(`/api/v1/metrics${queryString({ ...q })}`, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
