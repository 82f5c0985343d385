import { z } from 'zod';

/** API shapes of API tokens and ingest keys (docs/api.md, "Access"). Never the stored hash. */

export const credentialSchema = z.object({
  id: z.string(),
  project: z.string(),
  name: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Written at most once a minute per token or key; null when never used. */
  lastUsedAt: z.string().nullable(),
  state: z.enum(['active', 'revoked']),
});
export type CredentialView = z.infer<typeof credentialSchema>;

export const tokenListSchema = z.object({ tokens: z.array(credentialSchema) });
export const keyListSchema = z.object({ keys: z.array(credentialSchema) });
/** The secret is in this answer and nowhere else, ever. */
export const tokenCreatedSchema = z.object({ token: credentialSchema, secret: z.string() });
export const keyCreatedSchema = z.object({ key: credentialSchema, secret: z.string() });
export const tokenRevokedSchema = z.object({ token: credentialSchema });
export const keyRevokedSchema = z.object({ key: credentialSchema });

export const createCredentialBody = z.object({
  project: z.string().trim().min(1, 'project is required').max(200),
  name: z.string().trim().min(1, 'name is required: say what the secret is for').max(200),
});

export const credentialIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'not a token or key id');
