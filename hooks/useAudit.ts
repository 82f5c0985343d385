'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditList } from '@/lib/schemas/access';
import { apiFetch, queryString } from './api-fetch';
import type { RangeParams } from './query-keys';

export interface AuditFilters extends RangeParams {
  action?: string;
  actor?: string;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (f: AuditFilters) => ['audit', f] as const,
};

/** The audit log over a range, newest first (admins only: others get a 403 the page shows). */
export function useAudit(filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ signal }) => apiFetch<AuditList>(`/api/v1/audit${queryString({ ...filters, limit: 1000 })}`, signal),
    placeholderData: keepPreviousData,
    retry: (count, err) => count < 2 && !(err && typeof err === 'object' && 'status' in err && (err.status === 403 || err.status === 401)),
  });
}
