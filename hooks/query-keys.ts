/** Query keys, one factory per entity: invalidation and prefetching use the same keys. */

export interface TraceFilters {
  q?: string;
  agent?: string;
  service?: string;
}

export const traceKeys = {
  all: ['traces'] as const,
  list: (filters: TraceFilters) => ['traces', 'list', filters] as const,
  detail: (traceId: string) => ['traces', 'detail', traceId] as const,
};
