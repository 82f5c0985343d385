import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Providers } from '@/components/Providers';
import { THEME_SCRIPT } from '@/components/theme/theme-script';
import { nonceOf } from '@/lib/security-headers';
import './globals.css';

const DESCRIPTION = 'Handoffs, context drift and session consistency for multi-agent AI systems.';

/**
 * Titles, icons and the social preview (public/og.png). A preview image needs an absolute address: it is given
 * only when BATON_PUBLIC_URL says where Baton is reached (read per request), never a guessed one.
 */
export function generateMetadata(): Metadata {
  const publicUrl = process.env.BATON_PUBLIC_URL;
  const openGraph = { title: 'Baton', description: DESCRIPTION, siteName: 'Baton' };
  return {
    title: { default: 'Baton', template: '%s · Baton' },
    description: DESCRIPTION,
    icons: { apple: '/apple-touch-icon.png' },
    robots: { index: false, follow: false },
    ...(publicUrl
      ? { metadataBase: new URL(publicUrl), openGraph: { ...openGraph, images: [{ url: '/og.png', width: 1200, height: 630 }] } }
      : { openGraph }),
  };
}

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
