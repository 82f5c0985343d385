import { describe, expect, it } from 'vitest';
import { insertChunks } from './insert-chunks';

const rows = (...lines: string[]) => Buffer.from(lines.map((l) => `${l}\n`).join(''));
const texts = (parts: Buffer[], limit: number) => [...insertChunks(parts, limit)].map((b) => b.toString());

describe('insert chunks', () => {
  it('joins small parts up to the limit', () => {
    expect(texts([rows('a'), rows('b'), rows('c')], 4)).toEqual(['a\nb\n', 'c\n']);
  });

  it('cuts a large part between rows, never inside one', () => {
    expect(texts([rows('aaa', 'bbb', 'ccc', 'ddd')], 9)).toEqual(['aaa\nbbb\n', 'ccc\nddd\n']);
    expect(texts([rows('a', 'bb', 'ccccccc', 'd')], 5)).toEqual(['a\nbb\n', 'ccccccc\n', 'd\n']);
  });

  it('keeps every byte, in order, and skips empty parts', () => {
    const parts = [rows('x1', 'x2'), Buffer.alloc(0), rows('y1', 'y22', 'y333'), rows('z')];
    const out = [...insertChunks(parts, 7)];
    expect(Buffer.concat(out).toString()).toBe(Buffer.concat(parts).toString());
    for (const b of out) expect(b.toString().endsWith('\n')).toBe(true);
    expect([...insertChunks([Buffer.alloc(0)], 7)]).toEqual([]);
  });
});
