import { describe, expect, it } from 'vitest';
import { bearerKeyAccepted, checkIngestKey, keysRequired, type StoredIngestKeys } from './ingest-keys';

describe('bearerKeyAccepted', () => {
  it('accepts anything when no keys are configured', () => {
    expect(bearerKeyAccepted(undefined, [])).toBe(true);
  });

  it('accepts `Bearer <key>` for any configured key, case-insensitive scheme, surrounding space ignored', () => {
    expect(bearerKeyAccepted('Bearer key-two', ['key-one', 'key-two'])).toBe(true);
    expect(bearerKeyAccepted('  bearer   key-one ', ['key-one'])).toBe(true);
  });

  it('refuses a missing header, another scheme, an unknown key or a prefix of one', () => {
    for (const header of [undefined, '', 'key-one', 'Basic a2V5LW9uZQ==', 'Bearer key-three', 'Bearer key-on', 'Bearer ']) {
      expect(bearerKeyAccepted(header, ['key-one']), String(header)).toBe(false);
    }
  });
});

describe('checkIngestKey', () => {
  // Stored keys as the receivers see them (the real registry is tested in lib/auth/credentials.test.ts).
  const stored = (keys: Record<string, string>): StoredIngestKeys => ({ any: () => Object.keys(keys).length > 0, projectOf: (s) => keys[s] });
  const shop = stored({ baton_ik_shop: 'shop' });

  it("accepts a stored key with its project, with or without BATON_INGEST_KEYS", () => {
    expect(checkIngestKey('Bearer baton_ik_shop', [], shop)).toEqual({ ok: true, project: 'shop' });
    expect(checkIngestKey('Bearer baton_ik_shop', ['key-one'], shop)).toEqual({ ok: true, project: 'shop' });
  });

  it('accepts a BATON_INGEST_KEYS key without a project: baton.project decides', () => {
    expect(checkIngestKey('Bearer key-one', ['key-one'], shop)).toEqual({ ok: true });
  });

  it('refuses a missing, unknown or revoked key once any key is configured', () => {
    for (const header of [undefined, 'Bearer baton_ik_gone', 'Bearer key-one']) expect(checkIngestKey(header, [], shop), String(header)).toEqual({ ok: false });
    expect(checkIngestKey('Bearer baton_ik_gone', ['key-one'], shop)).toEqual({ ok: false });
    expect(keysRequired([], shop)).toBe(true);
  });

  it('accepts everything when no key of either kind is configured', () => {
    expect(checkIngestKey(undefined, [], stored({}))).toEqual({ ok: true });
    expect(checkIngestKey(undefined, [])).toEqual({ ok: true });
    expect(keysRequired([], stored({}))).toBe(false);
  });
});
