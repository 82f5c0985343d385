import { z } from 'zod';

/** What a pin keeps: a trace, or a session with its traces (a handoff's link pins the handoff's traces). */
export const PIN_RESOURCES = ['trace', 'session'] as const;

/** API shapes of pins (docs/api.md, "Access"; docs/security.md, "Pins"). */

export const pinSchema = z.object({
  id: z.string(),
  resource: z.enum(PIN_RESOURCES),
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
  resource: z.enum(PIN_RESOURCES, { message: 'resource must be trace or session' }),
  target: z.string().trim().min(1, 'target is required: the id of the trace or session'),
});
