import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MIN_API_TIME } from '@/lib/domain/time';
import { cursorParam, encodeCursor, hasControlCharacters, listLimit, optionalText, timeRange, wholeNumberParam } from './common';

const messages = <T extends z.ZodType>(schema: T, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('listLimit', () => {
  it('defaults to 50, also when empty', () => {
    expect(listLimit.parse(undefined)).toBe(50);
    expect(listLimit.parse('')).toBe(50);
  });

  it.each([['1', 1], ['200', 200], [' 20 ', 20]])('reads %s', (value, n) => {
    expect(listLimit.parse(value)).toBe(n);
  });

  it.each(['0', '-1', '201', '1e9', '1e2', '1.5', 'abc', '0x10', 'Infinity', '9'.repeat(30)])('refuses %s', (value) => {
    expect(messages(listLimit, value)).toEqual(['limit must be 1..200, a whole number']);
  });
});

describe('wholeNumberParam', () => {
  const score = wholeNumberParam('minScore', 0, 100);
  it('reads whole numbers in range, empty as absent', () => {
    expect(score.parse('0')).toBe(0);
    expect(score.parse('100')).toBe(100);
    expect(score.parse('')).toBeUndefined();
  });

  it.each(['50.5', '-1', '101', 'NaN', '1e2'])('refuses %s', (value) => {
    expect(messages(score, value)).toEqual(['minScore must be 0..100, a whole number']);
  });
});

describe('cursorParam', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64url');

  it('reads a cursor the API made, however long its id', () => {
    const cursor = { t: '1700000000000000000', id: 'conv:42/a' };
    expect(cursorParam.parse(encodeCursor(cursor))).toEqual(cursor);
    for (const id of ['\u0001'.repeat(512), '語'.repeat(512)]) expect(cursorParam.parse(encodeCursor({ t: '1', id }))).toEqual({ t: '1', id });
    expect(cursorParam.parse(encodeCursor({ t: '9223372036854775807', id: 'x' }))).toEqual({ t: '9223372036854775807', id: 'x' });
  });

  it.each([
    ['not base64url', '!!!!'],
    ['base64 of text', b64('not json')],
    ['JSON of another shape', b64('[1,2]')],
    ['JSON null', b64('null')],
    ['an id that is not text', b64('{"t":"1","id":5}')],
    ['a time beyond Int64', b64('{"t":"9223372036854775808","id":"x"}')],
    ['a time of 20 digits', b64('{"t":"99999999999999999999","id":"x"}')],
    ['a cursor longer than any the API makes', 'A'.repeat(5000)],
  ])('refuses %s', (_what, value) => {
    expect(messages(cursorParam, value)).toEqual(['cursor is not one this API returned (pass nextCursor on as it came)']);
  });
});

describe('optionalText', () => {
  const q = optionalText('q', 8);
  it('trims, and reads blank as absent', () => {
    expect(q.parse(' a b ')).toBe('a b');
    expect(q.parse('  ')).toBeUndefined();
    expect(q.parse('✓😀')).toBe('✓😀');
  });

  it('refuses long text and control characters, naming the parameter', () => {
    expect(messages(q, 'x'.repeat(9))).toEqual(['q must be at most 8 characters']);
    expect(messages(q, 'a\u0000b')).toEqual(['q must not contain control characters']);
    expect(messages(q, 'a\tb')).toEqual(['q must not contain control characters']);
  });
});

describe('hasControlCharacters', () => {
  it('finds C0 controls and DEL only', () => {
    expect(['\u0000', '\u001f', '\u007f', 'a\nb'].map(hasControlCharacters)).toEqual([true, true, true, true]);
    expect(['', 'plain', '\u0080é', 'team/a b'].map(hasControlCharacters)).toEqual([false, false, false, false]);
  });
});

describe('timeRange', () => {
  const range = z.object({ from: z.string().optional(), to: z.string().optional() }).transform(timeRange);

  it('defaults to the 24 hours before to, and reads empty as absent', () => {
    expect(range.parse({ to: '86400000' })).toEqual({ from: 0, to: 86_400_000 });
    expect(range.parse({ from: '', to: '86400000' })).toEqual({ from: 0, to: 86_400_000 });
  });

  it('keeps the default from inside the bounds', () => {
    expect(range.parse({ to: '1900-01-01T12:00:00Z' }).from).toBe(MIN_API_TIME);
  });

  it('names the parameter that is wrong, with its path', () => {
    const r = range.safeParse({ from: '0', to: '9999-12-31' });
    expect(r.error?.issues.map((i) => [i.path, i.message])).toEqual([[['to'], 'to must be between 1900-01-01T00:00:00Z and 2262-04-10T00:00:00Z']]);
  });

  it('refuses from after to', () => {
    expect(messages(range, { from: '2000', to: '1000' })).toEqual(['from must not be after to']);
  });
});
