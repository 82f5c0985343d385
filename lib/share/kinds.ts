/** What a share link can show and hide (docs/security.md, "Share links"); pure, for schemas and the UI. */

/** A trace (with its handoffs), a session (with its traces and handoffs), one handoff's diff, or a metric panel (lib/share/panel.ts). */
export const SHARE_RESOURCES = ['trace', 'session', 'handoff', 'panel'] as const;
export type ShareResource = (typeof SHARE_RESOURCES)[number];
export const REDACTIONS = ['none', 'messages', 'facts', 'both'] as const;
export type Redaction = (typeof REDACTIONS)[number];
export const DEFAULT_EXPIRY_DAYS = 90;
