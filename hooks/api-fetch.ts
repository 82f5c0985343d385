import { apiErrorSchema } from '@/lib/schemas/api';

/** The one place the UI calls the API: JSON in, typed errors out. */

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let shareToken: string | undefined;

/**
 * On a share link's page (`/s/{token}`), every API call carries its token
 * (`x-baton-share`): the server answers only for the shared resource. Set
 * once, before the page's first query; a share page is a page load of its
 * own, never a client-side navigation from the app.
 */
export function setShareToken(token: string): void {
  shareToken = token;
}

/**
 * An embedded panel (`/embed/…?token=…`, framed by a wiki) carries a share
 * link's token in its address: its calls carry it too, so the panel renders
 * for readers who never signed in to Baton.
 */
function tokenOfPage(): string | undefined {
  if (shareToken) return shareToken;
  if (typeof window === 'undefined' || !window.location.pathname.startsWith('/embed/')) return undefined;
  return new URLSearchParams(window.location.search).get('token') ?? undefined;
}

export async function apiFetch<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    const token = tokenOfPage();
    response = await fetch(path, { signal, headers: { Accept: 'application/json', ...(token ? { 'x-baton-share': token } : {}) } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiRequestError(0, 'network', 'Baton did not answer. Is the server running?');
  }
  return answerOf<T>(response);
}

/** The answer's JSON, or its error (`{ error: { code, message } }`) as an ApiRequestError. */
async function answerOf<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(body);
    if (parsed.success) throw new ApiRequestError(response.status, parsed.data.error.code, parsed.data.error.message);
    throw new ApiRequestError(response.status, 'http', `The API answered ${response.status}.`);
  }
  return body as T;
}

/** Query string from defined, non-empty values only. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A state-changing call (POST, DELETE) with a JSON body; errors as apiFetch's. The browser adds Origin, which the gate checks. */
export async function apiSend<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError(0, 'network', 'Baton did not answer. Is the server running?');
  }
  return answerOf<T>(response);
}
