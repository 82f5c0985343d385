import { findRuntime } from './runtime';

/** GET /healthz and GET /readyz (README.md, "Settings"), independent of Next.js. */

export interface Health {
  status: number;
  body: Record<string, unknown>;
}

export function liveness(): Health {
  return { status: 200, body: { status: 'ok' } };
}

export async function readiness(timeoutMs = 2_000): Promise<Health> {
  const runtime = findRuntime();
  if (!runtime) return { status: 503, body: { status: 'starting', reason: 'store not open' } };
  if (runtime.shuttingDown) return { status: 503, body: { status: 'stopping' } };
  if (!runtime.migrated) return { status: 503, body: { status: 'starting', reason: 'migrations running' } };
  const writes = runtime.writeHealth?.();
  if (writes && !writes.writable) {
    const since = writes.failingSince ? new Date(writes.failingSince).toISOString() : undefined;
    return { status: 503, body: { status: 'unavailable', reason: `the store cannot write: ${writes.reason ?? 'unknown error'}`, since } };
  }
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  const ping = runtime.client.ping().then(
    (r) => r.success,
    () => false,
  );
  const ok = await Promise.race([ping, timeout]);
  return ok
    ? { status: 200, body: { status: 'ready', store: runtime.mode } }
    : { status: 503, body: { status: 'unavailable', reason: 'store did not answer' } };
}
