import { z } from 'zod';
import { jsonValue } from './common';

/**
 * A span's messages in the API (docs/semantic-mapping.md, "Messages"), as
 * `lib/model/messages.ts` reads them from whichever convention the span uses.
 * `system` holds every instruction the model got, including the parts of
 * input messages with role `system` / `developer` (which also stay in `input`).
 * `unknown` parts stand for content that was redacted or not recorded
 * (`redacted`) or of a kind Baton does not model (`unsupported`); a tool call
 * without `arguments` had them redacted or not recorded.
 */

export const messagePartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), content: z.string() }),
  z.object({ type: z.literal('tool_call'), id: z.string().optional(), name: z.string(), arguments: jsonValue.optional() }),
  z.object({ type: z.literal('tool_result'), id: z.string().optional(), name: z.string().optional(), result: jsonValue }),
  z.object({ type: z.literal('reasoning'), content: z.string() }),
  z.object({ type: z.literal('media'), modality: z.string().optional(), mimeType: z.string().optional(), uri: z.string().optional() }),
  z.object({ type: z.literal('unknown'), reason: z.enum(['redacted', 'unsupported']) }),
]);

export const messageSchema = z.object({ role: z.string(), name: z.string().optional(), parts: z.array(messagePartSchema) });

export const spanMessagesSchema = z.object({
  system: z.array(messagePartSchema),
  input: z.array(messageSchema),
  output: z.array(messageSchema),
  /** The convention read: `gen_ai.input.messages`, `gen_ai.tool.call`, `gen_ai events (legacy)`, `gen_ai.prompt`, `openinference`, `openllmetry`, `ai-sdk`, `input.value`. */
  source: z.string(),
});
