'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CredentialView } from '@/lib/schemas/credentials';
import { apiFetch, apiSend } from './api-fetch';

/** API tokens and ingest keys of the projects the caller administers: list, make (the secret comes back once), revoke. */

export type CredentialKind = 'tokens' | 'ingest-keys';
const field = { tokens: { many: 'tokens', one: 'token' }, 'ingest-keys': { many: 'keys', one: 'key' } } as const;

export const credentialKeys = { list: (kind: CredentialKind) => ['credentials', kind] as const };

export function useCredentials(kind: CredentialKind) {
  return useQuery({
    queryKey: credentialKeys.list(kind),
    queryFn: async ({ signal }) => {
      const body = await apiFetch<Record<string, CredentialView[]>>(`/api/v1/${kind}`, signal);
      return body[field[kind].many] ?? [];
    },
  });
}

export function useCreateCredential(kind: CredentialKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { project: string; name: string }) => {
      const body = await apiSend<Record<string, unknown> & { secret: string }>('POST', `/api/v1/${kind}`, input);
      return { credential: body[field[kind].one] as CredentialView, secret: body.secret };
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: credentialKeys.list(kind) }),
  });
}

export function useRevokeCredential(kind: CredentialKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/v1/${kind}/${encodeURIComponent(id)}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: credentialKeys.list(kind) }),
  });
}
