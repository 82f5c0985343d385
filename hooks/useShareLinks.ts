'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Redaction, ShareResource } from '@/lib/share/kinds';
import type { ShareLinkView } from '@/lib/schemas/share-links';
import { apiFetch, apiSend } from './api-fetch';

/** Share links: make one (its URL comes back once), list the projects' links, revoke one. */

export const shareKeys = { list: ['share-links'] as const };

export function useShareLinks() {
  return useQuery({ queryKey: shareKeys.list, queryFn: ({ signal }) => apiFetch<{ links: ShareLinkView[] }>('/api/v1/share-links', signal) });
}

export function useCreateShareLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { resource: ShareResource; target: string; project?: string; redact: Redaction; expiresInDays: number | null }) =>
      apiSend<{ link: ShareLinkView; url: string }>('POST', '/api/v1/share-links', input),
    // A trace's link pins it while it lasts.
    onSuccess: () => void Promise.all([client.invalidateQueries({ queryKey: shareKeys.list }), client.invalidateQueries({ queryKey: ['pins'] })]),
  });
}

export function useRevokeShareLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/v1/share-links/${encodeURIComponent(id)}`),
    // A link pins its trace while it lasts.
    onSuccess: () => void Promise.all([client.invalidateQueries({ queryKey: shareKeys.list }), client.invalidateQueries({ queryKey: ['pins'] })]),
  });
}
