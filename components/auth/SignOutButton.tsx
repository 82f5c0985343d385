/** A form, not a fetch: signing out works without JavaScript and carries the page's Origin (cross-site checks). */
export function SignOutButton({ className }: { className?: string }) {
  return (
    <form method="post" action="/auth/signout">
      <button type="submit" className={className ?? 'rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100'}>
        Sign out
      </button>
    </form>
  );
}
