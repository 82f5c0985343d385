import type { ReactNode } from 'react';
import { AppHeader } from '@/components/AppHeader';

/** Every page but the embeds: the header and the page. */
export default function MainLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <AppHeader />
      <main className="mx-auto max-w-screen-2xl px-4 py-4">{children}</main>
    </>
  );
}
