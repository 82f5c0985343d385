import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/AppHeader';
import { ACCESS_MODE_HEADER, accessModeOf } from '@/lib/env';

/** Every page but the embeds: the header and the page. The header warns when anyone can read this instance (server.ts names the access mode). */
export default async function MainLayout({ children }: { children: ReactNode }) {
  const access = accessModeOf((await headers()).get(ACCESS_MODE_HEADER));
  return (
    <>
      <AppHeader access={access} />
      <main className="mx-auto max-w-screen-2xl px-4 py-4">{children}</main>
    </>
  );
}
