import { z } from 'zod';

/**
 * Why a session's (or a sessionless trace's) analysis is missing: the
 * analyzer could not analyse it, keeps the reason, and retries with backoff.
 * Null when the analysis is there.
 */
export const analysisFailureSchema = z
  .object({
    reason: z.string(),
    /** Attempts so far (0: this read's own analysis failed, the analyzer has not recorded it yet). */
    attempts: z.number().int().nonnegative(),
    /** When the analyzer tries again, ISO-8601; null when not scheduled. */
    nextAttempt: z.string().nullable(),
  })
  .nullable();

export type AnalysisFailure = z.infer<typeof analysisFailureSchema>;
