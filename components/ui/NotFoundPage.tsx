import Link from 'next/link';
import type { ReactNode } from 'react';

const WAYS = [
  { href: '/', label: 'Overview' },
  { href: '/traces', label: 'Traces' },
  { href: '/sessions', label: 'Sessions' },
  { href: '/handoffs', label: 'Handoffs' },
];

/** A 404 inside the app: what was not found, why it may be, and the ways on. */
export function NotFoundPage({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">404</p>
      <h1 id="not-found-title" className="mt-1 text-lg font-semibold">
        {title}
      </h1>
      {children && <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{children}</div>}
      <nav aria-label="Ways on" className="mt-6 flex flex-wrap justify-center gap-3 text-sm">
        {WAYS.map((w) => (
          <Link key={w.href} href={w.href} className="rounded-md border border-zinc-200 px-3 py-1.5 text-indigo-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-indigo-300 dark:hover:bg-zinc-800">
            {w.label}
          </Link>
        ))}
      </nav>
    </section>
  );
}
