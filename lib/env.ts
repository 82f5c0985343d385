import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { invalidEmbedOrigin } from './frame-policy';

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

const bytes = (fallback: number, what: string) =>
  z.coerce
    .number()
    .int()
    .min(1024, `${what} must be at least 1024 bytes`)
    .default(fallback);

const MiB = 1024 * 1024;

export const envSchema = z.object({
  PORT: port(3000, 'PORT'),
  HOSTNAME: z.string().default('0.0.0.0'),
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
  BATON_AUTH_SECRET: optionalString,
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

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid Baton settings:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The absolute data directory, resolved against the working directory. */
export function dataDirOf(env: Env): string {
  return path.resolve(env.BATON_DATA_DIR);
}
