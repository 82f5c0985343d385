import { z } from 'zod';
import { shareLinkSchema } from './share-links';

/** What a share page learns about its own link (`GET /api/v1/shared` with its token): what it shows, how, until when. Not who made it. */
export const sharedSchema = z.object({ link: shareLinkSchema.pick({ resource: true, target: true, from: true, to: true, redact: true, expiresAt: true }) });
export type Shared = z.infer<typeof sharedSchema>;
