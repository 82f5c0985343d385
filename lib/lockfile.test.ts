import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** `npm ci` must accept the lockfile on every platform chdb ships a binary for. */
describe('package-lock.json', () => {
  it('lists every platform package of chdb (run scripts/lockfile-platforms.mjs if not)', () => {
    const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string>; version?: string }>;
    };
    const optional = lock.packages['node_modules/chdb']?.optionalDependencies ?? {};
    expect(Object.keys(optional).length).toBeGreaterThan(0);
    for (const [name, version] of Object.entries(optional)) {
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
  });
});
