import { errorResponse } from '@/lib/api/respond';

/** Unknown API paths answer in the API's error shape, not with an HTML page. */
function unknown(request: Request) {
  return errorResponse(404, 'not_found', `no API route ${new URL(request.url).pathname}`);
}

export { unknown as GET, unknown as POST, unknown as PUT, unknown as PATCH, unknown as DELETE };
