import { z } from 'zod';
import { REDACTIONS, SHARE_RESOURCES } from '@/lib/share/kinds';

/** API shapes of share links (docs/api.md, "Access"). Never the token's hash; the token itself only in the creation's answer. */

export const shareLinkSchema = z.object({
  id: z.string(),
  resource: z.enum(SHARE_RESOURCES),
  target: z.string(),
  project: z.string(),
  from: z.string(),
  to: z.string(),
  redact: z.enum(REDACTIONS),
  /** Null: never expires. */
  expiresAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  state: z.enum(['active', 'expired', 'revoked']),
  views: z.number().int().nonnegative(),
  lastViewedAt: z.string().nullable(),
});
export type ShareLinkView = z.infer<typeof shareLinkSchema>;

export const shareLinkListSchema = z.object({ links: z.array(shareLinkSchema) });
/** `url` is the path `/s/{token}` (with BATON_PUBLIC_URL, the whole address): the only time the token is shown. */
export const shareLinkCreatedSchema = z.object({ link: shareLinkSchema, url: z.string() });
export const shareLinkRevokedSchema = z.object({ link: shareLinkSchema });

export const createShareLinkBody = z.object({
  resource: z.enum(SHARE_RESOURCES, { message: `resource must be one of ${SHARE_RESOURCES.join(', ')}` }),
  /** The id of the trace, session or handoff; for a panel, its query string (lib/share/panel.ts): `metric=…&groupBy=…&step=…` and `from=…&to=…` (frozen) or `live=24h`. */
  target: z.string().trim().min(1, 'target is required: the id of the resource, or a panel’s query string').max(1000, 'target is at most 1000 characters'),
  /** A panel's project; needed only when the caller may share several. */
  project: z.string().trim().min(1).max(200).optional(),
  redact: z.enum(REDACTIONS, { message: `redact must be one of ${REDACTIONS.join(', ')}` }).default('none'),
  /** Days until the link expires (default 90); null: never (admins only). */
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
});
