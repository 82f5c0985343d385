'use client';

import { Menu, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
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

/** The top bar: product name, the sections, the theme; in `open` access mode (BATON_AUTH=none), a warning. Below 768 px the sections and the account links fold into a menu. */
export function AppHeader({ access }: { access: AccessMode }) {
  const pathname = usePathname();
  const [menu, setMenu] = useState<{ open: boolean; at: string }>({ open: false, at: pathname });
  // The menu closes when a link in it has navigated.
  const open = menu.open && menu.at === pathname;
  const active = (href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
  const links = (vertical: boolean) =>
    SECTIONS.map((s) => (
      <Link
        key={s.href}
        href={s.href}
        aria-current={active(s.href) ? 'page' : undefined}
        className={cn(
          'rounded-md px-2 py-1 text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
          vertical && 'py-2',
          active(s.href) && 'bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100',
        )}
      >
        {s.label}
      </Link>
    ));
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex min-h-12 max-w-screen-2xl items-center gap-3 px-4 md:gap-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rotate-45 rounded-sm bg-indigo-500" />
          Baton
        </Link>
        <nav aria-label="Main" className="hidden items-center gap-1 text-sm md:flex">
          {links(false)}
        </nav>
        <div className="ml-auto flex items-center gap-2 md:gap-3">
          {access === 'open' && (
            <p role="alert" className="max-w-44 rounded-md bg-amber-100 px-2 py-1 text-[11px] font-medium leading-tight text-amber-900 sm:max-w-none sm:text-xs dark:bg-amber-950 dark:text-amber-200">
              No sign-in: anyone who can reach this address reads every trace
            </p>
          )}
          <div className="hidden md:flex">
            <UserMenu />
          </div>
          <ThemeToggle />
          <button
            type="button"
            className="rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 md:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
            aria-expanded={open}
            aria-controls="app-menu"
            aria-label={open ? 'Close the menu' : 'Open the menu'}
            onClick={() => setMenu({ open: !open, at: pathname })}
          >
            {open ? <X aria-hidden className="h-5 w-5" /> : <Menu aria-hidden className="h-5 w-5" />}
          </button>
        </div>
      </div>
      {open && (
        <div id="app-menu" className="border-t border-zinc-200 px-4 py-2 md:hidden dark:border-zinc-800">
          <nav aria-label="Sections" className="flex flex-col text-sm">
            {links(true)}
          </nav>
          <div className="mt-2 flex flex-col items-start gap-1 border-t border-zinc-100 pt-2 dark:border-zinc-800 [&>div]:flex-col [&>div]:items-start">
            <UserMenu />
          </div>
        </div>
      )}
    </header>
  );
}
