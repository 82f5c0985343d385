import { describe, expect, it } from 'vitest';
import { countAttr, decodeAttrs, decodeValue, stringAttr } from './attributes';

describe('stored attribute values', () => {
  it.each([
    ['hello', undefined, 'hello'],
    ['true', 'bool', true],
    ['42', 'int', 42],
    ['9223372036854775807', 'int', '9223372036854775807'],
    ['0.5', 'double', 0.5],
    ['NaN', 'double', 'NaN'],
    ['[1,"a"]', 'array', [1, 'a']],
    ['{"k":{"n":null}}', 'kvlist', { k: { n: null } }],
    ['3q0=', 'bytes', '3q0='],
    ['', 'empty', null],
  ])('%s typed %s decodes to %j', (text, type, expected) => {
    expect(decodeValue(text, type)).toEqual(expected);
  });

  it('decodes a set with sorted keys', () => {
    expect(Object.keys(decodeAttrs({ b: '1', a: 'x' }, { b: 'int' }))).toEqual(['a', 'b']);
  });

  it('reads strings and counts only when they are what they claim', () => {
    const a = { values: { s: 'x', n: '12', d: '3.0', neg: '-1', txt: '7', arr: '[1]' }, types: { n: 'int', d: 'double', neg: 'int', arr: 'array' } } as const;
    const attrs = { values: { ...a.values }, types: { ...a.types } };
    expect(stringAttr(attrs, 's')).toBe('x');
    expect(stringAttr(attrs, 'n')).toBeUndefined();
    expect(countAttr(attrs, 'n')).toBe(12);
    expect(countAttr(attrs, 'd')).toBe(3);
    expect(countAttr(attrs, 'txt')).toBe(7);
    expect(countAttr(attrs, 'neg')).toBeUndefined();
    expect(countAttr(attrs, 'arr')).toBeUndefined();
  });
});
