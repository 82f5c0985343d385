import os from 'node:os';
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

  it('reads BATON_INGEST_WORKERS, one per core beyond the first by default, and refuses nonsense', () => {
    expect(parseEnv({}).BATON_INGEST_WORKERS).toBe(Math.min(4, Math.max(1, os.availableParallelism() - 1)));
    expect(parseEnv({ BATON_INGEST_WORKERS: '0' }).BATON_INGEST_WORKERS).toBe(0);
    expect(() => parseEnv({ BATON_INGEST_WORKERS: '-1' })).toThrow(/BATON_INGEST_WORKERS must be 0 or more/);
    expect(() => parseEnv({ BATON_INGEST_WORKERS: '1.5' })).toThrow(/BATON_INGEST_WORKERS must be a whole number/);
  });
});
