import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';

describe('settings', () => {
  it('reads BATON_EMBED_ORIGINS as a list of origins', () => {
    expect(parseEnv({ BATON_EMBED_ORIGINS: ' https://wiki.example.com , http://localhost:8080 ' }).BATON_EMBED_ORIGINS).toEqual(['https://wiki.example.com', 'http://localhost:8080']);
    expect(parseEnv({}).BATON_EMBED_ORIGINS).toEqual([]);
  });

  it('refuses an embed origin that is not an origin, naming the setting', () => {
    expect(() => parseEnv({ BATON_EMBED_ORIGINS: 'https://ok.example.com,wiki.example.com/page' })).toThrow(ConfigError);
    expect(() => parseEnv({ BATON_EMBED_ORIGINS: 'https://ok.example.com,wiki.example.com/page' })).toThrow(/BATON_EMBED_ORIGINS: "wiki.example.com\/page" is not an origin/);
  });
});
