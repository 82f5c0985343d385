/** What the audit log records (docs/security.md, "Audit log"); pure, so the UI's filters can list them. */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-out',
  'user.create',
  'user.update',
  'membership.change',
  'token.create',
  'token.revoke',
  'ingest-key.create',
  'ingest-key.revoke',
  'share.create',
  'share.view',
  'share.revoke',
  'pin.create',
  'pin.remove',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
