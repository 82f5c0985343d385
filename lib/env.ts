import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { invalidEmbedOrigin } from './frame-policy';
import { isLoopbackInterface } from './host-check';

/**
 * Every setting Baton reads, in one place (README.md, "Settings"). Parsed once at start-up;
 * a bad value stops the process with a message that says which setting and why.
 */

const port = (fallback: number, what: string) =>
  z.coerce
    .number()
    .int()
    .min(0, `${what} must be a TCP port (0 disables it)`)
    .max(65535, `${what} must be a TCP port (0 disables it)`)
    .default(fallback);

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim().length > 0 ? v.trim() : undefined));

/** `[::1]` as people write it in URLs, `::1` as listen() takes it. */
const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, '$1');

const bytes = (fallback: number, what: string) =>
  z.coerce
    .number()
    .int()
    .min(1024, `${what} must be at least 1024 bytes`)
    .default(fallback);

const MiB = 1024 * 1024;

export const envSchema = z.object({
  PORT: port(3000, 'PORT'),
  /**
   * Interface of the UI and /api/v1. Unset: 127.0.0.1 without sign-in, 0.0.0.0 with it
   * (resolved in parseEnv). `HOSTNAME` is never read: containers set it to their own id.
   */
  BATON_HOST: optionalString.transform((v) => v && unbracket(v)),
  /** Interface of the OTLP receivers (HTTP and gRPC), which keep their own ingest keys. */
  BATON_OTLP_HOST: optionalString.transform((v) => (v ? unbracket(v) : '0.0.0.0')),
  BATON_OTLP_HTTP_PORT: port(4318, 'BATON_OTLP_HTTP_PORT'),
  BATON_OTLP_GRPC_PORT: port(4317, 'BATON_OTLP_GRPC_PORT'),
  BATON_DATA_DIR: z.string().min(1).default('./data'),
  CLICKHOUSE_URL: optionalString.pipe(
    z.url({ message: 'CLICKHOUSE_URL must be a URL such as http://clickhouse:8123' }).optional(),
  ),
  CLICKHOUSE_USER: optionalString,
  CLICKHOUSE_PASSWORD: optionalString,
  CLICKHOUSE_DATABASE: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'CLICKHOUSE_DATABASE must be a plain identifier (letters, digits, _)')
      .optional(),
  ),
  CLICKHOUSE_CLUSTER: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'CLICKHOUSE_CLUSTER must be a cluster name from remote_servers')
      .optional(),
  ),
  BATON_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1, 'BATON_RETENTION_DAYS must be at least 1 day')
    .max(3650, 'BATON_RETENTION_DAYS above 10 years is almost certainly a typo')
    .default(30),
  BATON_INGEST_KEYS: list,
  /** `none`: serve the UI and API without sign-in on a non-loopback interface (warned about). */
  BATON_AUTH: optionalString.pipe(z.enum(['none'], { message: 'BATON_AUTH must be unset or "none" (serve without sign-in)' }).optional()),
  /** Signs session cookies; setting it turns sign-in on. */
  BATON_AUTH_SECRET: optionalString.pipe(
    z.string().min(32, 'BATON_AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
  ),
  BATON_OIDC_ISSUER: optionalString.pipe(
    z.url({ protocol: /^https?$/, message: 'BATON_OIDC_ISSUER must be the URL of an OpenID provider such as https://login.example.com/realms/main' }).optional(),
  ),
  BATON_OIDC_CLIENT_ID: optionalString,
  BATON_OIDC_CLIENT_SECRET: optionalString,
  /** The origin people reach Baton at, normalized without a trailing slash. */
  BATON_PUBLIC_URL: optionalString.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const origin = publicOrigin(v);
    if (origin === undefined) {
      ctx.addIssue({ code: 'custom', message: `BATON_PUBLIC_URL: "${v}" is not an origin like https://baton.example.com (scheme, host, optional port; no path)` });
      return z.NEVER;
    }
    return origin;
  }),
  BATON_EMBED_ORIGINS: list.superRefine((origins, ctx) => {
    for (const origin of origins) {
      const problem = invalidEmbedOrigin(origin);
      if (problem) ctx.addIssue({ code: 'custom', message: `BATON_EMBED_ORIGINS: ${problem}` });
    }
  }),
  /** Largest OTLP request body, after decompression. */
  BATON_MAX_BODY_BYTES: bytes(16 * MiB, 'BATON_MAX_BODY_BYTES'),
  /** Bytes of request bodies being received and decoded (all receivers) before new requests get 429. */
  BATON_RECEIVE_BYTES: bytes(128 * MiB, 'BATON_RECEIVE_BYTES'),
  /** Bytes of encoded rows waiting for the writer before new requests get 429. */
  BATON_WRITE_QUEUE_BYTES: bytes(256 * MiB, 'BATON_WRITE_QUEUE_BYTES'),
  /** Largest single insert the writer builds from coalesced requests. */
  BATON_WRITE_BATCH_BYTES: bytes(32 * MiB, 'BATON_WRITE_BATCH_BYTES'),
  /** Worker threads that decode OTLP requests and build their rows; 0 does it on the event loop. */
  BATON_INGEST_WORKERS: z.coerce
    .number()
    .int('BATON_INGEST_WORKERS must be a whole number')
    .min(0, 'BATON_INGEST_WORKERS must be 0 or more')
    .max(64, 'BATON_INGEST_WORKERS above 64 is almost certainly a typo')
    .default(defaultIngestWorkers()),
});

/** One worker per core beyond the first (which runs the event loop and the store), at least one, at most four. */
function defaultIngestWorkers(): number {
  return Math.min(4, Math.max(1, os.availableParallelism() - 1));
}

/** `https://baton.example.com[:port]` with an optional trailing slash, as an origin; undefined when it is anything else. */
function publicOrigin(value: string): string | undefined {
  if (!/^https?:\/\/[^/?#@\s]+\/?$/i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

type ParsedEnv = z.infer<typeof envSchema>;
export type Env = Omit<ParsedEnv, 'BATON_HOST'> & { BATON_HOST: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid Baton settings:\n${lines.join('\n')}`);
  }
  const parsed = result.data;
  const env: Env = { ...parsed, BATON_HOST: parsed.BATON_HOST ?? (parsed.BATON_AUTH_SECRET ? '0.0.0.0' : '127.0.0.1') };
  const problems = accessProblems(env);
  if (problems.length > 0) throw new ConfigError(`Invalid Baton settings:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return env;
}

/** Sign-in is configured when BATON_AUTH_SECRET is set (local accounts; OpenID Connect too with BATON_OIDC_ISSUER). */
export function signInConfigured(env: Pick<Env, 'BATON_AUTH_SECRET'>): boolean {
  return env.BATON_AUTH_SECRET !== undefined;
}

/**
 * Who can reach the UI and API: `sign-in` (sign-in configured), `loopback`
 * (no sign-in, this machine only) or `open` (BATON_AUTH=none on another
 * interface: anyone who reaches the address reads everything).
 */
export type AccessMode = 'sign-in' | 'loopback' | 'open';

/** The request header server.ts sets (replacing any a client sent) to tell the pages the access mode. */
export const ACCESS_MODE_HEADER = 'x-baton-access';

/** The access mode named by ACCESS_MODE_HEADER; `loopback` (no warning) when absent, as under `next build`. */
export function accessModeOf(value: string | null | undefined): AccessMode {
  return value === 'sign-in' || value === 'open' ? value : 'loopback';
}

export function accessMode(env: Pick<Env, 'BATON_AUTH_SECRET' | 'BATON_HOST'>): AccessMode {
  if (signInConfigured(env)) return 'sign-in';
  return isLoopbackInterface(env.BATON_HOST) ? 'loopback' : 'open';
}

/** The rules between the access settings (docs/security.md, "Listening and hosts"), each with its fix. */
function accessProblems(env: Env): string[] {
  const problems: string[] = [];
  const signIn = signInConfigured(env);
  if (env.BATON_AUTH === 'none' && signIn) {
    problems.push('BATON_AUTH=none and BATON_AUTH_SECRET contradict each other: unset BATON_AUTH to sign in, or unset BATON_AUTH_SECRET to serve without sign-in');
  }
  if (!signIn && env.BATON_AUTH !== 'none' && !isLoopbackInterface(env.BATON_HOST)) {
    problems.push(
      `BATON_HOST=${env.BATON_HOST} serves other machines, but no sign-in is configured: set BATON_AUTH_SECRET (at least 32 characters) to require sign-in, ` +
        'or BATON_AUTH=none to let anyone who reaches this address read every trace, or listen on 127.0.0.1 only (unset BATON_HOST)',
    );
  }
  const oidc = { BATON_OIDC_ISSUER: env.BATON_OIDC_ISSUER, BATON_OIDC_CLIENT_ID: env.BATON_OIDC_CLIENT_ID, BATON_OIDC_CLIENT_SECRET: env.BATON_OIDC_CLIENT_SECRET };
  const set = Object.entries(oidc).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (set.length > 0) {
    const missing = Object.keys(oidc).filter((k) => !set.includes(k));
    if (!signIn) missing.push('BATON_AUTH_SECRET');
    if (env.BATON_PUBLIC_URL === undefined) missing.push('BATON_PUBLIC_URL');
    if (missing.length > 0) {
      problems.push(`OpenID Connect is partly configured (${set.join(', ')} set): set ${missing.join(', ')} as well, or unset ${set.join(', ')}`);
    }
  }
  return problems;
}

/** The absolute data directory, resolved against the working directory. */
export function dataDirOf(env: Env): string {
  return path.resolve(env.BATON_DATA_DIR);
}
