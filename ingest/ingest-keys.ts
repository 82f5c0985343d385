import { timingSafeEqual } from 'node:crypto';

/**
 * Ingest keys (BATON_INGEST_KEYS): with keys configured, an export must carry
 * `Authorization: Bearer <key>` (an HTTP header, or gRPC metadata) naming one
 * of them. Shared by the OTLP/HTTP and OTLP/gRPC receivers.
 */

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

export const MISSING_KEY_MESSAGE = 'missing or invalid ingest key: send Authorization: Bearer <key>';
