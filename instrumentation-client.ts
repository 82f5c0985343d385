import { z } from 'zod';

/**
 * Runs in the browser before any of the app's code (Next.js's
 * instrumentation-client convention). The pages' Content-Security-Policy
 * allows no eval (lib/security-headers.ts); zod would probe with
 * `new Function` as it builds its first object schema, fail and parse
 * without compiled parsers anyway. Saying so before any schema is built
 * spares the browser a policy violation on every page. The server, whose
 * code the policy does not govern, keeps zod's compiled parsers.
 */
z.config({ jitless: true });
