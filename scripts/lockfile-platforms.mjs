// Keeps package-lock.json installable with `npm ci` on every platform chdb
// supports. npm records a platform-specific optional package only if the
// registry it resolved against served that package; when one did not, `npm ci`
// refuses the lockfile ("Missing: @chdb/lib-… from lock file"). This adds the
// missing entries from chdb's own package.json. Idempotent; run it after
// `npm install` if tests/lockfile.test.ts fails.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const chdb = lock.packages['node_modules/chdb'];
const PLATFORM = /lib-(darwin|linux)-(arm64|x64)(-gnu)?$/;

let added = 0;
for (const [name, version] of Object.entries(chdb.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  const match = PLATFORM.exec(name);
  if (lock.packages[key] || !match) continue;
  const [, os, cpu, gnu] = match;
  lock.packages[key] = { version, cpu: [cpu], ...(gnu ? { libc: ['glibc'] } : {}), license: chdb.license, optional: true, os: [os] };
  added++;
}
if (added > 0) {
  const [root, ...rest] = Object.entries(lock.packages);
  lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => (a < b ? -1 : 1))]);
  writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`package-lock.json: ${added} platform entr${added === 1 ? 'y' : 'ies'} added`);
