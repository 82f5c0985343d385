import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_ATTRIBUTE, FAULT_KEY_ATTRIBUTE } from './types';

/**
 * The simulator's fault labels are ground truth for tests: Baton itself must
 * never read them, or the fault-recovery figures would measure nothing.
 * No source file of Baton (ingest, lib, app, components) names them.
 */

const BATON_DIRS = ['ingest', 'lib', 'app', 'components'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.(ts|tsx|mjs|sql)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

describe('fault labels', () => {
  it('are read by no part of Baton', () => {
    const files = BATON_DIRS.flatMap((d) => sources(d));
    expect(files.length).toBeGreaterThan(50);
    const readers = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return text.includes(FAULT_ATTRIBUTE) || text.includes(FAULT_KEY_ATTRIBUTE) || text.includes('@/simulator/');
    });
    expect(readers).toEqual([]);
  });
});
