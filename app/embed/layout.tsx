import type { ReactNode } from 'react';

/**
 * Embedded panels (README.md, "How it fits together"): one panel, no navigation, `?theme=light|dark`
 * (applied before paint by the theme script). Framing is allowed only for
 * BATON_EMBED_ORIGINS, by the server's Content-Security-Policy.
 */
export default function EmbedLayout({ children }: { children: ReactNode }) {
  return <main className="min-h-screen bg-white p-3 dark:bg-zinc-950">{children}</main>;
}
