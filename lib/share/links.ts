import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectAccountRows } from '@/lib/auth/account-reads';
import { newId, nextVersion } from '@/lib/auth/users';
import { fromStoreMillis, toStoreMillis } from '@/lib/domain/time';

/**
 * Share links (docs/security.md, "Share links"): `/s/{token}` shows one
 * resource — a trace with its handoffs, or a session with its traces and
 * handoffs — and what it needs to render, nothing else. The token is 256 random bits, stored only as
 * its SHA-256 and verified against the link's record on every request; the
 * link freezes its time range, expires (default 90 days), can be revoked at
 * once, can redact message contents and fact values, and counts its views.
 */

import { REDACTIONS, SHARE_RESOURCES, type Redaction, type ShareResource } from './kinds';

export { DEFAULT_EXPIRY_DAYS, REDACTIONS, SHARE_RESOURCES, type Redaction, type ShareResource } from './kinds';

export interface ShareLink {
  id: string;
  resource: ShareResource;
  target: string;
  project: string;
  fromMs: number;
  toMs: number;
  redact: Redaction;
  /** 0: never expires. */
  expiresMs: number;
  createdBy: string;
  createdAt: string;
  revoked: boolean;
}

export interface ShareLinkListed extends ShareLink {
  views: number;
  lastViewedAt: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A token is 43 base64url characters (32 random bytes); anything else is not one, and is never looked up. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const linkRow = z
  .object({
    id: z.string(),
    token_hash: z.string(),
    resource: z.enum(SHARE_RESOURCES),
    target: z.string(),
    project: z.string(),
    from_ms: z.coerce.number(),
    to_ms: z.coerce.number(),
    redact: z.enum(REDACTIONS),
    expires_ms: z.coerce.number(),
    created_by: z.string(),
    created_at: z.string(),
    revoked: z.coerce.number(),
    views: z.coerce.number().optional(),
    last_view: z.string().nullable().optional(),
  })
  .transform((r) => ({
    hash: r.token_hash,
    link: {
      id: r.id,
      resource: r.resource,
      target: r.target,
      project: r.project,
      fromMs: r.from_ms,
      toMs: r.to_ms,
      redact: r.redact,
      expiresMs: r.expires_ms,
      createdBy: r.created_by,
      createdAt: fromStoreMillis(r.created_at),
      revoked: r.revoked === 1,
    } satisfies ShareLink,
    views: r.views ?? 0,
    lastViewedAt: r.last_view ? fromStoreMillis(r.last_view) : null,
  }));

const COLUMNS = 'id, token_hash, resource, target, project, from_ms, to_ms, redact, expires_ms, created_by, toString(created_at) AS created_at, revoked';

async function write(client: ClickHouseClient, link: ShareLink, hash: string): Promise<void> {
  await client.insert({
    table: 'share_links',
    format: 'JSONEachRow',
    values: [
      {
        id: link.id,
        token_hash: hash,
        resource: link.resource,
        target: link.target,
        project: link.project,
        from_ms: link.fromMs,
        to_ms: link.toMs,
        redact: link.redact,
        expires_ms: link.expiresMs,
        created_by: link.createdBy,
        created_at: toStoreMillis(link.createdAt),
        revoked: link.revoked ? 1 : 0,
        version: nextVersion(),
      },
    ],
  });
}

export async function createShareLink(client: ClickHouseClient, input: Omit<ShareLink, 'id' | 'createdAt' | 'revoked'>): Promise<{ link: ShareLink; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const link: ShareLink = { ...input, id: newId(), createdAt: new Date().toISOString(), revoked: false };
  await write(client, link, hashToken(token));
  return { link, token };
}

export type TokenCheck = { ok: true; link: ShareLink } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

/** The link a token opens, checked against its record: known (hash compared in constant time), not revoked, not expired. */
export async function checkShareToken(client: ClickHouseClient, token: string, now = Date.now()): Promise<TokenCheck> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'unknown' };
  const hash = hashToken(token);
  const rows = await selectAccountRows(client, linkRow, `SELECT ${COLUMNS} FROM share_links FINAL WHERE token_hash = {hash:String}`, { hash }, 'share:token');
  const row = rows[0];
  if (!row || !timingSafeEqual(Buffer.from(row.hash, 'hex'), Buffer.from(hash, 'hex'))) return { ok: false, reason: 'unknown' };
  if (row.link.revoked) return { ok: false, reason: 'revoked' };
  if (row.link.expiresMs !== 0 && row.link.expiresMs <= now) return { ok: false, reason: 'expired' };
  return { ok: true, link: row.link };
}

export async function recordView(client: ClickHouseClient, linkId: string, now = Date.now()): Promise<void> {
  await client.insert({ table: 'share_views', format: 'JSONEachRow', values: [{ link_id: linkId, time: toStoreMillis(now) }] });
}

/** Links of these projects ('all': every project), newest first, with their view counts. */
export async function listShareLinks(client: ClickHouseClient, projects: 'all' | string[]): Promise<ShareLinkListed[]> {
  const where = projects === 'all' ? '1' : 'has({projects:Array(String)}, l.project)';
  const rows = await selectAccountRows(
    client,
    linkRow,
    `SELECT ${COLUMNS.split(', ').map((c) => (c.startsWith('toString') ? 'toString(l.created_at) AS created_at' : `l.${c}`)).join(', ')},
            v.views AS views, if(v.views = 0, NULL, toString(v.last_view)) AS last_view
     FROM (SELECT * FROM share_links FINAL) AS l
     LEFT JOIN (SELECT link_id, count() AS views, max(time) AS last_view FROM share_views GROUP BY link_id) AS v ON v.link_id = l.id
     WHERE ${where} ORDER BY l.created_at DESC LIMIT 1000`,
    projects === 'all' ? {} : { projects },
    'share:list',
  );
  return rows.map((r) => ({ ...r.link, views: r.views, lastViewedAt: r.lastViewedAt }));
}

export async function findShareLink(client: ClickHouseClient, id: string): Promise<{ link: ShareLink; hash: string } | undefined> {
  const rows = await selectAccountRows(client, linkRow, `SELECT ${COLUMNS} FROM share_links FINAL WHERE id = {id:String}`, { id }, 'share:by-id');
  return rows[0] && { link: rows[0].link, hash: rows[0].hash };
}

/** Revoked at once: the next request with its token is refused. */
export async function revokeShareLink(client: ClickHouseClient, id: string): Promise<ShareLink | undefined> {
  const found = await findShareLink(client, id);
  if (!found) return undefined;
  const link = { ...found.link, revoked: true };
  await write(client, link, found.hash);
  return link;
}
