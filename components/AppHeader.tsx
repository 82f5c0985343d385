'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { UserMenu } from '@/components/auth/UserMenu';
import { ThemeToggle } from '@/components/theme/ThemeToggle';
import { cn } from '@/lib/cn';
import type { AccessMode } from '@/lib/env';

/** In this order: Overview `/`, Sessions, Traces, Handoffs, Agents (each listed once its page exists). */
const SECTIONS: readonly { href: string; label: string }[] = [
  { href: '/', label: 'Overview' },
  { href: '/sessions', label: 'Sessions' },
  { href: '/traces', label: 'Traces' },
  { href: '/handoffs', label: 'Handoffs' },
  { href: '/agents', label: 'Agents' },
];

/** The top bar: product name, the sections, the theme; in `open` access mode (BATON_AUTH=none), a warning. */
export function AppHeader({ access }: { access: AccessMode }) {
  const pathname = usePathname();
  const active = (href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-12 max-w-screen-2xl items-center gap-6 px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rotate-45 rounded-sm bg-indigo-500" />
          Baton
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-sm">
          {SECTIONS.map((s) => (
            <Link
              key={s.href}
              href={s.href}
              aria-current={active(s.href) ? 'page' : undefined}
              className={cn(
                'rounded-md px-2 py-1 text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
                active(s.href) && 'bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100',
              )}
            >
              {s.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          {access === 'open' && (
            <p role="alert" className="rounded-md bg-amber-100 px-2 py-1 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
              No sign-in: anyone who can reach this address reads every trace
            </p>
          )}
          <UserMenu />
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
