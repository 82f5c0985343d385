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

/** A list's time range as the API takes it: epoch milliseconds. */
export interface RangeParams {
  from: number;
  to: number;
}

export interface SessionFilters extends RangeParams {
  agent?: string;
  user?: string;
  q?: string;
  minScore?: number;
  maxScore?: number;
}

export interface HandoffFilters extends RangeParams {
  fromAgent?: string;
  toAgent?: string;
  severity?: string;
}

export interface MetricQuery extends RangeParams {
  metric: string;
  step?: string;
  groupBy?: string;
}

export const sessionKeys = {
  all: ['sessions'] as const,
  list: (filters: SessionFilters) => ['sessions', 'list', filters] as const,
  detail: (sessionId: string) => ['sessions', 'detail', sessionId] as const,
  /** One of the session's paged lists; `state` keys it by whether the session is analysed, so the first analysis starts it anew. */
  pages: (sessionId: string, list: string, state: 'pending' | 'analysed') => ['sessions', 'detail', sessionId, 'pages', list, state] as const,
};

export const handoffKeys = {
  all: ['handoffs'] as const,
  list: (filters: HandoffFilters) => ['handoffs', 'list', filters] as const,
};

export const metricKeys = {
  all: ['metrics'] as const,
  series: (q: MetricQuery) => ['metrics', q] as const,
};
