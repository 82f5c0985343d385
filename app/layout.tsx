import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/AppHeader';
import { Providers } from '@/components/Providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Baton', template: '%s · Baton' },
  description: 'Handoffs, context drift and session consistency for multi-agent AI systems.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>
          <AppHeader />
          <main className="mx-auto max-w-screen-2xl px-4 py-4">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
