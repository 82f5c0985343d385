import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawGrpcClient } from '@/tests/helpers/grpc';
import { freePort, newDataDir } from '@/tests/helpers/server';

/**
 * `npm start` (scripts/start.mjs): with a current build it starts without
 * rebuilding, serves health and the UI on PORT and OTLP on
 * BATON_OTLP_HTTP_PORT and BATON_OTLP_GRPC_PORT from one process, and stops
 * cleanly on SIGTERM.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dataDir = newDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('starts from the existing build in one process and stops on SIGTERM', async () => {
    const [port, otlpPort, grpcPort] = [await freePort(), await freePort(), await freePort()];
    const started = Date.now();
    let output = '';
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), BATON_OTLP_HTTP_PORT: String(otlpPort), BATON_OTLP_GRPC_PORT: String(grpcPort), BATON_DATA_DIR: dataDir, BATON_HOST: '127.0.0.1', BATON_OTLP_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      for (;;) {
        if (Date.now() - started > 60_000) throw new Error(`not ready after 60 s:\n${output}`);
        if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) break;
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(output).not.toMatch(/building the UI/);
      expect((await fetch(`http://127.0.0.1:${port}/traces`)).status).toBe(200);
      const otlp = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(otlp.status).toBe(200);
      const grpc = rawGrpcClient(`127.0.0.1:${grpcPort}`);
      expect((await grpc.call(new Uint8Array())).ok).toBe(true); // an empty ExportTraceServiceRequest
      grpc.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  });
});
