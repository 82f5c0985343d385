import Link from 'next/link';
import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

/**
 * A titled card: charts and tables on the overview, session and agent pages.
 * `href` links the title to the list behind the panel (`prefetch={false}`
 * where a page holds many such links).
 */
export function Panel({ title, href, prefetch, actions, children, className }: { title: string; href?: string; prefetch?: boolean; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section aria-label={title} className={cn('min-w-0 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900', className)}>
      <header className="flex items-center justify-between gap-2 border-b border-zinc-100 px-3 py-2 dark:border-zinc-800">
        <h2 className="text-sm font-medium">
          {href ? (
            <Link href={href} prefetch={prefetch} className="hover:text-indigo-600 hover:underline dark:hover:text-indigo-400">
              {title}
            </Link>
          ) : (
            title
          )}
        </h2>
        {actions}
      </header>
      <div className="p-3">{children}</div>
    </section>
  );
}
