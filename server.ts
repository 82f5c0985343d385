import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import next from 'next';
import { startOtlpGrpcReceiver, type OtlpGrpcReceiver } from '@/ingest/grpc-receiver';
import { ByteBudget } from '@/ingest/byte-budget';
import { startOtlpHttpReceiver } from '@/ingest/http-receiver';
import { storedIngestKeys } from '@/ingest/ingest-keys';
import { RowWorkers } from '@/ingest/row-workers';
import { Writer } from '@/ingest/writer';
import { Analyzer } from '@/lib/analyzer/analyzer';
import { badUrlAnswer } from '@/lib/api/bad-url';
import { createAuthRuntime, setAuthRuntime, type AuthRuntime } from '@/lib/auth/auth-runtime';
import { setIngestPorts } from '@/lib/ingest-endpoints';
import { anyIngestKey, loadCredentials } from '@/lib/auth/credential-registry';
import { gateRequest } from '@/lib/auth/http-gate';
import { migrate } from '@/lib/db/migrate';
import { DataDirInUseError, openStore, type Store } from '@/lib/db/store';
import { ACCESS_MODE_HEADER, accessMode, ConfigError, parseEnv, type Env } from '@/lib/env';
import { misdirectedAnswer, servedHost } from '@/lib/host-check';
import { liveness, readiness, type Health } from '@/lib/health';
import { log } from '@/lib/log';
import { RuntimeUnavailableError, setRuntime, storeClient, type Runtime } from '@/lib/runtime';
import { startPinKeeper } from '@/lib/pins/keeper';
import { newNonce, securityHeaders } from '@/lib/security-headers';

/**
 * Baton's process: opens the store, runs migrations, then serves the OTLP
 * receivers (HTTP and gRPC) and the Next.js UI + API in this one process
 * (chDB allows one data directory per process). `--role=ingest|ui|both` runs
 * one side only, for scaling out against a ClickHouse server.
 */

type Role = 'both' | 'ingest' | 'ui';

/**
 * SIGTERM exits within this bound whatever is running: receivers get
 * RECEIVER_GRACE_MS to answer what they hold, queued writes are flushed, and
 * past the bound the process kills itself (docs/reliability.md).
 */
const SHUTDOWN_BOUND_MS = 30_000;
const RECEIVER_GRACE_MS = 20_000;

interface Args {
  role: Role;
  dev: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { role: 'both', dev: false };
  for (const arg of argv) {
    if (arg === '--dev') args.dev = true;
    else if (arg.startsWith('--role=')) {
      const role = arg.slice('--role='.length);
      if (role !== 'both' && role !== 'ingest' && role !== 'ui') {
        throw new ConfigError(`--role must be both, ingest or ui (got "${role}")`);
      }
      args.role = role;
    } else throw new ConfigError(`unknown argument "${arg}" (expected --role=both|ingest|ui, --dev)`);
  }
  return args;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function sendHealth(res: ServerResponse, health: Health): void {
  res.writeHead(health.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(health.body));
}

/** Sign-in's gate, or a 503 when the store it reads sessions from is not open yet. */
async function passesGate(req: IncomingMessage, res: ServerResponse, auth: AuthRuntime | undefined): Promise<boolean> {
  try {
    return await gateRequest(req, res, auth, storeClient);
  } catch (err) {
    const unavailable = err instanceof RuntimeUnavailableError;
    if (!unavailable) log.error('sign-in check failed', { error: err instanceof Error ? err.message : String(err) });
    res.writeHead(503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Retry-After': '1' });
    res.end(JSON.stringify({ error: { code: 'unavailable', message: unavailable ? err.message : 'sign-in could not be checked: the store did not answer' } }));
    return false;
  }
}

async function startUi(env: Env, dev: boolean, auth: AuthRuntime | undefined): Promise<{ server: Server; close: () => Promise<void> }> {
  const app = next({ dev, dir: process.cwd(), hostname: env.BATON_HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const access = accessMode(env);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers = securityHeaders(path, { nonce: newNonce(), embedOrigins: env.BATON_EMBED_ORIGINS, dev });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Health carries no telemetry, and orchestrators probe it by names Baton cannot know: no Host check.
    if (path === '/healthz') return sendHealth(res, liveness());
    if (path === '/readyz') return void readiness().then((h) => sendHealth(res, h));
    // DNS rebinding: refuse a Host Baton does not serve before anything reads data (lib/host-check.ts).
    if (!servedHost(req.headers.host, env.BATON_PUBLIC_URL)) return void answer(res, misdirectedAnswer(path));
    // Browsers and link unfurlers ask for /favicon.ico whatever the page declares.
    if (path === '/favicon.ico') return void res.writeHead(308, { Location: '/icon.svg', 'Cache-Control': 'public, max-age=86400' }).end();
    // Next.js would answer a malformed escape in the path with a bare 500, and hide one in the query.
    const badUrl = badUrlAnswer(req.url ?? '/');
    if (badUrl) return void answer(res, badUrl);
    // Next.js takes the script nonce from the request's own CSP header (whatever a client sent is replaced).
    req.headers['content-security-policy'] = headers['Content-Security-Policy'];
    // The header's no-sign-in warning (app/(main)/layout.tsx); set here, so never a client's say.
    req.headers[ACCESS_MODE_HEADER] = access;
    void passesGate(req, res, auth).then((pass) => (pass ? handle(req, res) : undefined));
  });
  await listen(server, env.PORT, env.BATON_HOST);
  return { server, close: () => app.close() };
}

function answer(res: ServerResponse, { status, contentType, body }: { status: number; contentType: string; body: string }): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Who can reach the UI and API, said once at start (docs/security.md, "Listening and hosts"). */
function logAccess(env: Env): void {
  const mode = accessMode(env);
  if (mode === 'loopback') {
    log.info(`UI and API on ${env.BATON_HOST} only: set BATON_AUTH_SECRET (sign-in) and BATON_HOST=0.0.0.0 to serve other machines`, { access: mode, host: env.BATON_HOST });
  } else if (mode === 'open') {
    log.warn(`No sign-in (BATON_AUTH=none): anyone who can reach ${env.BATON_HOST}:${env.PORT} reads every trace, prompt and message`, { access: mode, host: env.BATON_HOST });
  } else {
    log.info('UI and API require sign-in', { access: mode, host: env.BATON_HOST, oidc: env.BATON_OIDC_ISSUER !== undefined });
  }
}

/**
 * Stops accepting connections and waits for in-flight requests to be answered.
 * Keep-alive connections that go idle meanwhile are closed as they do; after
 * the grace period, whatever is left is cut.
 */
function closeServer(server: Server | undefined, graceMs = RECEIVER_GRACE_MS): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  const env = parseEnv();
  const args = parseArgs(process.argv.slice(2));
  if (env.CLICKHOUSE_CLUSTER) {
    throw new ConfigError('CLICKHOUSE_CLUSTER is not supported yet: use a single ClickHouse server (CLICKHOUSE_URL).');
  }

  const store: Store = openStore(env);
  const runtime: Runtime = { client: store.client, mode: store.mode, migrated: false, shuttingDown: false };
  setRuntime(runtime);
  log.info('store open', { mode: store.mode, location: store.location });
  const report = await migrate(store.client, { retentionDays: env.BATON_RETENTION_DAYS });
  runtime.migrated = true;
  log.info('migrations done', { applied: report.applied, retentionDays: env.BATON_RETENTION_DAYS });

  const analyzer = new Analyzer(store);
  const writer = new Writer(store, {
    maxQueueBytes: env.BATON_WRITE_QUEUE_BYTES,
    maxBatchBytes: env.BATON_WRITE_BATCH_BYTES,
    onCommit: (commit) => analyzer.notify(commit.touched, commit.analysis),
  });
  if (args.role !== 'ui') {
    runtime.writeHealth = () => writer.health;
    await analyzer.start();
  }

  const rowWorkers = args.role !== 'ui' && env.BATON_INGEST_WORKERS > 0 ? new RowWorkers(env.BATON_INGEST_WORKERS) : undefined;
  // Stored ingest keys are held in memory before the first export is taken (docs/security.md, "Ingest keys").
  if (args.role !== 'ui') await loadCredentials(store.client, 'ingest-key');
  const receiverOptions = {
    writer,
    rowWorkers,
    budget: new ByteBudget(env.BATON_RECEIVE_BYTES),
    maxBodyBytes: env.BATON_MAX_BODY_BYTES,
    retentionDays: env.BATON_RETENTION_DAYS,
    ingestKeys: env.BATON_INGEST_KEYS,
    storedKeys: storedIngestKeys(storeClient),
  };
  const keyed = () => ({ auth: env.BATON_INGEST_KEYS.length > 0 || anyIngestKey(), storedKeys: anyIngestKey() });
  let otlp: Server | undefined;
  if (args.role !== 'ui' && env.BATON_OTLP_HTTP_PORT !== 0) {
    otlp = await startOtlpHttpReceiver(env.BATON_OTLP_HTTP_PORT, env.BATON_OTLP_HOST, receiverOptions);
    log.info('otlp/http receiver listening', { host: env.BATON_OTLP_HOST, port: env.BATON_OTLP_HTTP_PORT, ...keyed() });
  }
  let otlpGrpc: OtlpGrpcReceiver | undefined;
  if (args.role !== 'ui' && env.BATON_OTLP_GRPC_PORT !== 0) {
    otlpGrpc = await startOtlpGrpcReceiver(env.BATON_OTLP_GRPC_PORT, env.BATON_OTLP_HOST, receiverOptions);
    log.info('otlp/grpc receiver listening', { host: env.BATON_OTLP_HOST, port: otlpGrpc.port, ...keyed() });
  }

  setIngestPorts({ http: otlp ? env.BATON_OTLP_HTTP_PORT : undefined, grpc: otlpGrpc?.port });

  let ui: Awaited<ReturnType<typeof startUi>> | undefined;
  if (args.role !== 'ingest') {
    const auth = env.BATON_AUTH_SECRET
      ? createAuthRuntime({
          secret: env.BATON_AUTH_SECRET,
          publicUrl: env.BATON_PUBLIC_URL,
          oidc:
            env.BATON_OIDC_ISSUER && env.BATON_OIDC_CLIENT_ID && env.BATON_OIDC_CLIENT_SECRET
              ? { issuer: env.BATON_OIDC_ISSUER, clientId: env.BATON_OIDC_CLIENT_ID, clientSecret: env.BATON_OIDC_CLIENT_SECRET }
              : undefined,
        })
      : undefined;
    setAuthRuntime(auth);
    ui = await startUi(env, args.dev, auth);
    log.info('ui and api listening', { host: env.BATON_HOST, port: env.PORT, url: env.BATON_PUBLIC_URL ?? `http://localhost:${env.PORT}` });
    logAccess(env);
  }
  // Rows that come after a pin are flagged by the process that pins (docs/security.md, "Pins").
  const stopPinKeeper = args.role !== 'ingest' ? startPinKeeper(store.client) : undefined;
  log.info('baton ready', { role: args.role });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.shuttingDown = true;
    log.info('shutting down', { signal, pendingBytes: writer.pendingBytes });
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting now', { afterMs: SHUTDOWN_BOUND_MS });
      log.flush();
      // process.exit would wait inside the engine for a query still running;
      // SIGKILL does not, and every acknowledged write is already on disk.
      process.kill(process.pid, 'SIGKILL');
    }, SHUTDOWN_BOUND_MS);
    force.unref();
    stopPinKeeper?.();
    // Stop taking exports and let in-flight ones finish; the analyzer finishes
    // the batch in hand and leaves the rest to the next start's catch-up.
    await Promise.all([closeServer(otlp), otlpGrpc?.close(), analyzer.stop()]);
    // Write what was accepted and is still queued.
    await writer.close();
    await rowWorkers?.close();
    await closeServer(ui?.server, 5_000);
    await ui?.close().catch(() => undefined);
    await store.close();
    setRuntime(undefined);
    log.flush();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirInUseError) {
    process.stderr.write(`baton: ${err.message}\n`);
  } else {
    process.stderr.write(`baton: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
