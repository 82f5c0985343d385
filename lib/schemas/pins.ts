import { z } from 'zod';

/** API shapes of pins (docs/api.md, "Access"; docs/security.md, "Pins"). */

export const pinSchema = z.object({
  id: z.string(),
  resource: z.literal('trace'),
  target: z.string(),
  project: z.string(),
  pinnedBy: z.string(),
  /** 'manual', or 'share link <id>' for the pin a share link holds. */
  reason: z.string(),
  createdAt: z.string(),
});
export type PinView = z.infer<typeof pinSchema>;

export const pinListSchema = z.object({ pins: z.array(pinSchema) });
export const pinOneSchema = z.object({ pin: pinSchema });

export const createPinBody = z.object({
  resource: z.literal('trace', { message: 'resource must be trace' }),
  target: z.string().trim().min(1, 'target is required: the id of the trace'),
});
