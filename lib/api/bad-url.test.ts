import { describe, expect, it } from 'vitest';
import { badUrlAnswer } from './bad-url';

const message = (path: string) => {
  const answer = badUrlAnswer(path);
  return answer && (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;
};

describe('badUrlAnswer', () => {
  it.each(['/', '/traces', '/traces?from=%ZZ', '/api/v1/traces?q=%25ZZ+%E2%9C%93&from=0', '/api/v1/traces/0123456789abcdef0123456789abcdef', '/api/v1/sessions/conv%3A42%2Fa', '/sessions/%25ZZ', '/api/v1/handoffs/%E2%9C%93'])(
    'lets %s through',
    (path) => {
      expect(badUrlAnswer(path)).toBeUndefined();
    },
  );

  it.each([
    ['/api/v1/traces/%ZZ', 'trace id "%ZZ"'],
    ['/api/v1/sessions/%', 'session id "%"'],
    ['/api/v1/handoffs/%E0%A4', 'handoff id "%E0%A4"'],
    ['/api/v1/%ZZ', 'the path segment "%ZZ"'],
    ['/api/v1/traces/%ZZ/extra', 'the path segment "%ZZ"'],
    ['/api/v1/sessions/%ZZ/facts', 'session id "%ZZ"'],
    ['/api/v1/sessions/%ZZ/extra', 'the path segment "%ZZ"'],
    ['/api/v1/constructor/%ZZ', 'the path segment "%ZZ"'],
  ])('answers %s with a JSON 400 naming %s', (path, named) => {
    expect(badUrlAnswer(path)).toMatchObject({ status: 400, contentType: 'application/json' });
    expect(message(path)).toEqual({ code: 'bad_request', message: expect.stringContaining(`${named} is not valid percent-encoding`) });
  });

  it('cuts a long segment short in the message', () => {
    expect(message(`/api/v1/sessions/%ZZ${'x'.repeat(500)}`)?.message).toMatch(/^session id "%ZZx{37}…" is not valid/);
  });

  it.each(['/traces/%ZZ', '/sessions/%', '/embed/handoffs/%E0%A4'])('answers the page %s with an HTML 400', (path) => {
    const answer = badUrlAnswer(path);
    expect(answer).toMatchObject({ status: 400, contentType: 'text/html; charset=utf-8' });
    expect(answer?.body).toContain('Bad request');
  });

  it.each([
    ['/api/v1/traces?q=%ZZ', /^q is not valid percent-encoding/],
    ['/api/v1/sessions?user=%E0%A4', /^user is not valid percent-encoding/],
    ['/api/v1/traces?%ZZ=1', /^the query parameter name "%ZZ" is not valid/],
    ['/api/v1/handoffs?severity=info&severity=none', /^severity is given more than once/],
  ])('answers the query of %s with a JSON 400', (url, text) => {
    expect(message(url)?.message).toMatch(text);
  });
});
