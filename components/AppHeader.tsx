import Link from 'next/link';

/** The top bar: product name and the sections that exist so far. */
export function AppHeader() {
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-12 max-w-screen-2xl items-center gap-6 px-4">
        <Link href="/traces" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rotate-45 rounded-sm bg-indigo-500" />
          Baton
        </Link>
        <nav aria-label="Main" className="flex items-center gap-4 text-sm text-zinc-600 dark:text-zinc-400">
          <Link href="/traces" className="hover:text-zinc-900 dark:hover:text-zinc-100">
            Traces
          </Link>
        </nav>
      </div>
    </header>
  );
}
