import { describe, expect, it } from 'vitest';
import { bearerKeyAccepted } from './ingest-keys';

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
