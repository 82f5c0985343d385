import { describe, expect, it } from 'vitest';
import { sessionHref, sessionIdFromParam } from './session-param';

describe('session id in the URL', () => {
  it('round-trips ids with slashes, spaces and percent signs', () => {
    for (const id of ['sess-1', 'conv:42/a b', '100%', 'é']) {
      const segment = sessionHref(id).slice('/sessions/'.length);
      expect(segment).not.toContain('/');
      expect(sessionIdFromParam(segment)).toBe(id);
    }
  });

  it('takes a segment that is not valid percent-encoding as it is', () => {
    expect(sessionIdFromParam('100%')).toBe('100%');
  });
});
