import { headers } from 'next/headers';
import { AppHeader } from '@/components/AppHeader';
import { NotFoundPage } from '@/components/ui/NotFoundPage';
import { ACCESS_MODE_HEADER, accessModeOf } from '@/lib/env';

/** Any address Baton does not serve: status 404, with the header and the ways on. */
export default async function NotFound() {
  const access = accessModeOf((await headers()).get(ACCESS_MODE_HEADER));
  return (
    <>
      <AppHeader access={access} />
      <main className="mx-auto max-w-screen-2xl px-4 py-4">
        <NotFoundPage title="Page not found">There is no page at this address.</NotFoundPage>
      </main>
    </>
  );
}
