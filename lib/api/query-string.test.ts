import { describe, expect, it } from 'vitest';
import { parseQueryString } from './query-string';

const params = (search: string) => {
  const q = parseQueryString(search);
  return q.ok ? q.params : q.message;
};

describe('parseQueryString', () => {
  it('reads names and values, + as a space, escapes as UTF-8', () => {
    expect(params('?from=1&q=team%2Fa+b&agent=%E2%9C%93')).toEqual({ from: '1', q: 'team/a b', agent: '✓' });
  });

  it('skips empty pieces and keeps a name without a value as empty', () => {
    expect(params('')).toEqual({});
    expect(params('?')).toEqual({});
    expect(params('a=1&&b&c=')).toEqual({ a: '1', b: '', c: '' });
  });

  it('keeps = inside a value', () => {
    expect(params('cursor=abc==')).toEqual({ cursor: 'abc==' });
  });

  it('keeps a parameter named __proto__ as a plain key', () => {
    const p = params('__proto__=x');
    expect(typeof p === 'object' && Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(typeof p === 'object' && Object.hasOwn(p, '__proto__')).toBe(true);
  });

  it.each(['q=%ZZ', 'q=%', 'q=%E0%A4', 'q=%C0%AF', 'q=ok%2'])('refuses the malformed escape in %s, naming the parameter', (search) => {
    expect(params(search)).toMatch(/^q is not valid percent-encoding: each % must start a two-hex-digit escape/);
  });

  it('refuses a malformed escape in a name', () => {
    expect(params('from%ZZ=1')).toMatch(/^the query parameter name "from%ZZ" is not valid percent-encoding/);
  });

  it('refuses a repeated parameter, even when encoded differently', () => {
    expect(params('from=1&from=2')).toBe('from is given more than once; give it once');
    expect(params('from=1&fro%6D=2')).toBe('from is given more than once; give it once');
  });
});
