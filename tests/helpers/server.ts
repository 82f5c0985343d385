import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Starts the real Baton server entry (the one `npm start` runs, on the
 * production build `npm test` makes first) as a child process with its own
 * data directory and free ports (UI, OTLP/HTTP, OTLP/gRPC), and waits until
 * /readyz answers. Tests run in parallel, so no Baton here takes the default
 * ports: a spawn that names no gRPC port gets none (`0`).
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface BatonProcess {
  readonly uiUrl: string;
  readonly otlpUrl: string;
  /** The OTLP/gRPC endpoint as exporters take it (`http://127.0.0.1:<port>`). */
  readonly grpcUrl: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown work at all. */
  kill(): Promise<void>;
  /** Removes the data directory (after stop/kill). */
  cleanup(): void;
  api<T = unknown>(pathAndQuery: string): Promise<{ status: number; body: T; headers: Headers }>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function newDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'baton-it-'));
}

/** Spawns the server and resolves with its exit code (for starts that must fail). */
export function spawnBaton(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [...(process.env.BATON_NODE_FLAGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'server.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', BATON_CHECK_RESPONSES: '1', BATON_HOST: '127.0.0.1', BATON_OTLP_HOST: '127.0.0.1', BATON_OTLP_GRPC_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

export async function startBaton(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<BatonProcess> {
  const dataDir = options.dataDir ?? newDataDir();
  // A test that must know the UI's address before the start (BATON_PUBLIC_URL) passes PORT itself.
  const uiPort = options.env?.PORT ? Number(options.env.PORT) : await freePort();
  const [otlpPort, grpcPort] = [await freePort(), await freePort()];
  const { child, exited, output } = spawnBaton({
    PORT: String(uiPort),
    BATON_OTLP_HTTP_PORT: String(otlpPort),
    BATON_OTLP_GRPC_PORT: String(grpcPort),
    BATON_DATA_DIR: dataDir,
    ...options.env,
  });
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  const deadline = Date.now() + 90_000;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`Baton exited with ${exitCode} while starting:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Baton did not become ready within 90 s:\n${output()}`);
    }
    const ready = await fetch(`${uiUrl}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    uiUrl,
    otlpUrl: `http://127.0.0.1:${otlpPort}`,
    grpcUrl: `http://127.0.0.1:${grpcPort}`,
    dataDir,
    child,
    output,
    async stop() {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (exitCode !== undefined) return;
      child.kill('SIGKILL');
      await exited;
    },
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
    async api<T>(pathAndQuery: string) {
      const res = await fetch(`${uiUrl}${pathAndQuery}`);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the test sees the text
      }
      return { status: res.status, body: body as T, headers: res.headers };
    },
  };
}
