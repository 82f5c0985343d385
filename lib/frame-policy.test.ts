import { describe, expect, it } from 'vitest';
import { frameHeaders, invalidEmbedOrigin } from './frame-policy';

describe('frame policy', () => {
  it('lets no one frame the app pages', () => {
    expect(frameHeaders('/traces/abc', ['https://wiki.example.com'])).toEqual({ 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' });
    expect(frameHeaders('/embedded-looking', [])['X-Frame-Options']).toBe('DENY');
  });

  it('lets only Baton frame an embed when no origin is configured', () => {
    expect(frameHeaders('/embed/handoffs/h1', [])).toEqual({ 'Content-Security-Policy': "frame-ancestors 'self'" });
  });

  it('lets the configured origins frame an embed', () => {
    expect(frameHeaders('/embed/metrics', ['https://wiki.example.com', 'http://localhost:8080'])).toEqual({
      'Content-Security-Policy': "frame-ancestors 'self' https://wiki.example.com http://localhost:8080",
    });
  });

  it.each([
    ['https://wiki.example.com', undefined],
    ['https://*.example.com', undefined],
    ['http://localhost:8080', undefined],
    ['wiki.example.com', 'not an origin'],
    ['https://wiki.example.com/page', 'not an origin'],
    ["https://a.com; script-src 'unsafe-inline'", 'not an origin'],
    ['*', 'not an origin'],
  ])('checks the origin %j', (origin, problem) => {
    const found = invalidEmbedOrigin(origin);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
