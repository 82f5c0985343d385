'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PinView } from '@/lib/schemas/pins';
import { apiFetch, apiSend } from './api-fetch';

/** Pins of one trace (docs/security.md, "Pins"): list them, pin, remove a pin. */

export const pinKeys = { all: ['pins'] as const, trace: (traceId: string) => ['pins', traceId] as const };

export function useTracePins(traceId: string) {
  return useQuery({ queryKey: pinKeys.trace(traceId), queryFn: ({ signal }) => apiFetch<{ pins: PinView[] }>(`/api/v1/pins?target=${encodeURIComponent(traceId)}`, signal) });
}

export function usePinTrace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (traceId: string) => apiSend<{ pin: PinView }>('POST', '/api/v1/pins', { resource: 'trace', target: traceId }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pinKeys.all }),
  });
}

export function useRemovePins() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) await apiSend('DELETE', `/api/v1/pins/${encodeURIComponent(id)}`);
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: pinKeys.all }),
  });
}
