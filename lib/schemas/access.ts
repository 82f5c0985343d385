import { z } from 'zod';
import { AUDIT_ACTIONS } from '@/lib/auth/audit-actions';
import { ROLES } from '@/lib/auth/users';
import { optionalText, timeRange, wholeNumberParam } from './common';

/** API shapes of access: who am I, and the audit log (docs/api.md, "Access"). */

export const meSchema = z.object({
  /** `sign-in`: Baton requires sign-in; `open`: it does not (loopback only, or BATON_AUTH=none). */
  access: z.enum(['sign-in', 'open']),
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
  memberships: z.array(z.object({ project: z.string(), role: z.enum(ROLES) })),
  /** Where this Baton receives OTLP (`http://host:4318`), for "send data" hints; null where this process does not receive it. */
  otlp: z.object({ http: z.string().nullable(), grpc: z.string().nullable() }),
});
export type Me = z.infer<typeof meSchema>;

export const auditEntrySchema = z.object({
  time: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(['ok', 'failed', 'refused']),
  actorId: z.string(),
  actor: z.string(),
  project: z.string(),
  target: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  detail: z.string(),
});

export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });
export type AuditList = z.infer<typeof auditListSchema>;
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditParamsSchema = z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    action: z.enum(AUDIT_ACTIONS, { message: `action must be one of ${AUDIT_ACTIONS.join(', ')}` }).optional(),
    actor: optionalText('actor', 320),
    limit: wholeNumberParam('limit', 1, 1000).transform((n) => n ?? 200),
  })
  .transform(timeRange);
