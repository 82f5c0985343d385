import { timingSafeEqual } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { anyIngestKey, findIngestKey, noteUsed } from '@/lib/auth/credential-registry';
import { bearerSecret, SECRET_PREFIXES } from '@/lib/auth/secrets';

/**
 * Ingest keys (docs/security.md, "Ingest keys"): an export carries
 * `Authorization: Bearer <key>` (an HTTP header, or gRPC metadata). Two kinds:
 *
 * - stored keys (`baton_ik_…`, made with `npm run baton -- key add` or the
 *   API), each of one project: what arrives with one is written to that
 *   project, whatever `baton.project` says;
 * - BATON_INGEST_KEYS, kept for compatibility: they say nothing about the
 *   project, which comes from `baton.project` as without keys.
 *
 * With either configured, an export without a valid key is refused. Shared
 * by the OTLP/HTTP and OTLP/gRPC receivers.
 */

/** The stored keys as the receivers see them: from memory, never a query per request. */
export interface StoredIngestKeys {
  /** Whether any stored key works (then every export needs a key). */
  any(): boolean;
  /** The project of the working stored key with this secret. */
  projectOf(secret: string): string | undefined;
}

/** The stored keys held by lib/auth/credential-registry.ts; a use is recorded (at most once a minute per key). */
export function storedIngestKeys(client: () => ClickHouseClient): StoredIngestKeys {
  return {
    any: anyIngestKey,
    projectOf(secret) {
      const key = findIngestKey(client, secret);
      if (key) noteUsed(client(), 'ingest-key', key);
      return key?.project;
    },
  };
}

function keyMatches(given: string, keys: readonly string[]): boolean {
  const a = Buffer.from(given);
  let ok = false;
  for (const key of keys) {
    const b = Buffer.from(key);
    // Compare every key, in constant time per key, so timing says nothing.
    if (a.length === b.length && timingSafeEqual(a, b)) ok = true;
  }
  return ok;
}

/** True when no keys are configured, or `authorization` is `Bearer <one of the keys>`. */
export function bearerKeyAccepted(authorization: string | undefined, keys: readonly string[]): boolean {
  if (keys.length === 0) return true;
  const match = /^Bearer\s+(.+)$/i.exec((authorization ?? '').trim());
  return match !== null && keyMatches(match[1] as string, keys);
}

/** Refused, or accepted, with the project its rows go to when the key is a stored one. */
export type KeyCheck = { ok: false } | { ok: true; project?: string };

/** Whether an export with this `authorization` is accepted, and for which project. */
export function checkIngestKey(authorization: string | undefined, envKeys: readonly string[], stored?: StoredIngestKeys): KeyCheck {
  if (stored) {
    const secret = bearerSecret(authorization);
    if (secret?.startsWith(SECRET_PREFIXES['ingest-key'])) {
      const project = stored.projectOf(secret);
      if (project !== undefined) return { ok: true, project };
    }
  }
  if (envKeys.length > 0) return bearerKeyAccepted(authorization, envKeys) ? { ok: true } : { ok: false };
  return stored?.any() ? { ok: false } : { ok: true };
}

/** Whether exports need a key at all now. */
export const keysRequired = (envKeys: readonly string[], stored?: StoredIngestKeys) => envKeys.length > 0 || (stored?.any() ?? false);

export const MISSING_KEY_MESSAGE = 'missing or invalid ingest key: send Authorization: Bearer <key>';
