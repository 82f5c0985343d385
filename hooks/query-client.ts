import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from './api-fetch';

/** Defaults for every query; one client per browser session (made in Providers). */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        // A 4xx will not get better by retrying; a network blip might.
        retry: (count, err) => !(err instanceof ApiRequestError && err.status >= 400 && err.status < 500) && count < 2,
      },
    },
  });
}
