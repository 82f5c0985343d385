import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Providers } from '@/components/Providers';
import { THEME_SCRIPT } from '@/components/theme/theme-script';
import { nonceOf } from '@/lib/security-headers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Baton', template: '%s · Baton' },
  description: 'Handoffs, context drift and session consistency for multi-agent AI systems.',
};

/**
 * The document: theme before paint, client providers. Pages add their chrome in (main)/ or embed/.
 * The inline theme script carries this request's CSP nonce (lib/security-headers.ts); reading the
 * request's headers also makes every page render per request, so each gets its own nonce.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = nonceOf((await headers()).get('content-security-policy'));
  return (
    // The theme script sets the `dark` class before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
