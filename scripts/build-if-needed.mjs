// Builds the Next.js app when there is no production build, or when the
// sources it was built from have changed since (after a `git pull`, say).
// A fingerprint of the sources is kept next to the build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const INPUTS = ['app', 'components', 'hooks', 'lib', 'public', 'instrumentation-client.ts', 'next.config.ts', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const STAMP = path.join(root, '.next', 'baton-build.json');

function* files(p) {
  if (!existsSync(p)) return;
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) yield* files(path.join(p, name));
  } else yield p;
}

export function sourceFingerprint() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(path.join(root, input))) {
      if (/\.test\.tsx?$/.test(file)) continue;
      hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

export function ensureBuild({ quiet = false } = {}) {
  const fingerprint = sourceFingerprint();
  const built = existsSync(path.join(root, '.next', 'BUILD_ID')) && existsSync(STAMP)
    ? JSON.parse(readFileSync(STAMP, 'utf8')).fingerprint
    : undefined;
  if (built === fingerprint) return false;
  if (!quiet) process.stdout.write(built ? 'Sources changed since the last build; rebuilding the UI…\n' : 'No production build yet; building the UI (once)…\n');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    process.stderr.write('baton: the UI build failed (see above)\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(STAMP, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureBuild();
