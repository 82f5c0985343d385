import { z } from 'zod';
import { principalOf } from '@/lib/auth/principal';
import { scopeOf } from '@/lib/auth/scope';
import { withScope } from '@/lib/db/read-scope';
import { RuntimeUnavailableError } from '@/lib/runtime';
import { log } from '@/lib/log';
import { parseQueryString } from './query-string';

/**
 * The route handlers' shared edges: parse the query string with a schema,
 * turn known failures into `{ error: { code, message } }` with the right
 * status, and (when BATON_CHECK_RESPONSES=1, as in tests) check every
 * response body against its schema before it leaves. `respond` is also where
 * a request enters its caller's read scope (lib/db/read-scope.ts): every
 * read the handler makes sees only the projects the caller may see.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new ApiError(404, 'not_found', message);

export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** True when the message starts with the parameter's name (`limit must…`, `groupBy=…`), which then needs no prefix. */
const namesItself = (message: string, name: string) => message.startsWith(name) && !/\w/.test(message.charAt(name.length));

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const name = i.path.join('.');
      return name === '' || namesItself(i.message, name) ? i.message : `${name}: ${i.message}`;
    })
    .join('; ');
}

/** Parses a value (query parameters, a path segment) or throws a 400. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiError(400, 'bad_request', describeIssues(result.error));
  return result.data;
}

/** The query parameters, or a 400 for a malformed escape or a repeated parameter (see parseQueryString). */
export function searchParams(request: Request): Record<string, string> {
  const query = parseQueryString(new URL(request.url).search);
  if (!query.ok) throw new ApiError(400, 'bad_request', query.message);
  return query.params;
}

/**
 * Runs a handler body within the caller's read scope (the projects the
 * request's principal may see, from the header the gate set) and answers
 * with its JSON, or with the error it threw.
 */
export async function respond<T extends z.ZodType>(
  request: Request,
  schema: T,
  run: () => Promise<z.output<T>>,
): Promise<Response> {
  try {
    const scope = scopeOf(principalOf(request.headers));
    const body = await withScope(scope, run);
    if (process.env.BATON_CHECK_RESPONSES === '1') {
      const checked = schema.safeParse(body);
      if (!checked.success) throw new Error(`response does not match its schema: ${describeIssues(checked.error)}`);
    }
    return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    if (err instanceof ApiError) return errorResponse(err.status, err.code, err.message);
    if (err instanceof RuntimeUnavailableError) return errorResponse(503, 'unavailable', err.message);
    log.error('api request failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    return errorResponse(500, 'internal', 'internal error; the server log has the details');
  }
}
