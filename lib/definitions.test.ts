import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFINITIONS } from './definitions';

describe('definitions next to the numbers', () => {
  const docs = readFileSync(new URL('../docs/analysis.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

  it.each(Object.entries(DEFINITIONS))('docs/analysis.md defines %s in the same words', (_name, sentence) => {
    expect(docs).toContain(sentence);
  });
});
