// Runs Baton in this process, as `npm start` does: build the UI if needed,
// then load the server entry (TypeScript, through tsx). Shared by
// scripts/start.mjs and scripts/demo.mjs.
import { register } from 'tsx/esm/api';
import { ensureBuild } from './build-if-needed.mjs';

/**
 * Resolves once the server entry is loaded; Baton keeps starting in the
 * background (poll GET /readyz). It stops itself on SIGINT / SIGTERM after
 * finishing the writes it accepted, and exits.
 */
export async function runBaton() {
  process.env.NODE_ENV ??= 'production';
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  ensureBuild();
  register();
  await import('../server.ts');
}
