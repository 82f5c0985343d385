import { z } from 'zod';

/**
 * Schemas for ClickHouse rows that zod's own would damage. `z.record` copies
 * an object into a plain `{}`, which silently drops a key named `__proto__`;
 * attribute maps come from telemetry, where any key is possible. These check
 * the row's object in place and keep it as parsed (JSON.parse makes
 * `__proto__` an ordinary own key).
 */

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/** A Map(String, String) column (attributes and their types), every key kept. */
export const stringMap = z.custom<Record<string, string>>(isStringMap, 'expected a map of strings');
