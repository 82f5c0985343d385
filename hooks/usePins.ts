'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PinView } from '@/lib/schemas/pins';
import { apiFetch, apiSend } from './api-fetch';

/** Pins of one trace or session (docs/security.md, "Pins"): list them, pin, remove a pin. */

export const pinKeys = { all: ['pins'] as const, trace: (target: string) => ['pins', target] as const };

/** The pins of one trace or session (by its id). */
export function useTracePins(target: string) {
  return useQuery({ queryKey: pinKeys.trace(target), queryFn: ({ signal }) => apiFetch<{ pins: PinView[] }>(`/api/v1/pins?target=${encodeURIComponent(target)}`, signal) });
}

export function usePin(resource: PinView['resource']) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (target: string) => apiSend<{ pin: PinView }>('POST', '/api/v1/pins', { resource, target }),
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
