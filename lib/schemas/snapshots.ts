import { z } from 'zod';
import { contractSchema } from './handoffs';
import { isoTime, jsonValue } from './common';

/** A context snapshot as the API shows it: what the agent recorded, read, and what could not be read. */

export const snapshotSchema = z.object({
  spanId: z.string(),
  time: isoTime,
  agent: z.string(),
  phase: z.string(),
  facts: z.record(z.string(), jsonValue).nullable(),
  digests: z.record(z.string(), z.string()).nullable(),
  constraints: z.array(z.object({ id: z.string().optional(), text: z.string() })).nullable(),
  text: z.string().nullable(),
  tokens: z.number().nullable(),
  tokenLimit: z.number().nullable(),
  truncated: z.boolean(),
  updates: z.array(z.string()),
  handoffId: z.string(),
  handoffTo: z.string(),
  contract: contractSchema.nullable(),
  /** Why parts of the snapshot could not be read; the rest of it is still shown. */
  invalid: z.array(z.string()),
});

export type SnapshotView = z.infer<typeof snapshotSchema>;
