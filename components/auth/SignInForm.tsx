/**
 * The sign-in form: a plain HTML form posted to /auth/signin, so it works
 * before (and without) JavaScript; plus the OpenID Connect button when a
 * provider is configured. Server-rendered; no client state.
 */

const MESSAGES: Record<string, string> = {
  invalid: 'That email and password do not match an account that may sign in.',
  missing: 'Enter your email and password.',
  limited: 'Too many failed attempts. Wait a while before trying again.',
  oidc: 'Signing in with your identity provider did not work. Try again, or ask an admin.',
  'no-account': 'Your identity provider signed you in, but no Baton account is linked to it. Ask an admin to add you.',
  expired: 'Your session ended. Sign in again.',
};

const input =
  'w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900';

export function SignInForm({ next, error, retrySeconds, oidc }: { next: string; error?: string; retrySeconds?: number; oidc: boolean }) {
  const message = error ? (MESSAGES[error] ?? MESSAGES.invalid) : undefined;
  return (
    <div className="mx-auto mt-24 w-full max-w-sm rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-950">
      <h1 className="mb-1 flex items-center gap-2 text-lg font-semibold">
        <span aria-hidden className="inline-block h-3 w-3 rotate-45 rounded-sm bg-indigo-500" />
        Sign in to Baton
      </h1>
      <p className="mb-4 text-sm text-zinc-500">Traces here hold your agents&apos; prompts and data.</p>
      {message && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {message}
          {error === 'limited' && retrySeconds ? ` (about ${Math.ceil(retrySeconds / 60)} min)` : ''}
        </p>
      )}
      {oidc && (
        <>
          <a href={`/auth/oidc/start?next=${encodeURIComponent(next)}`} className="mb-4 block w-full rounded-md bg-indigo-600 px-3 py-2 text-center text-sm font-medium text-white hover:bg-indigo-500">
            Sign in with your identity provider
          </a>
          <p className="mb-4 text-center text-xs text-zinc-500">or with a Baton account</p>
        </>
      )}
      <form method="post" action="/auth/signin" className="space-y-3">
        <input type="hidden" name="next" value={next} />
        <label className="block text-sm">
          <span className="mb-1 block text-zinc-600 dark:text-zinc-400">Email</span>
          <input name="email" type="email" autoComplete="username" required className={input} />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block text-zinc-600 dark:text-zinc-400">Password</span>
          <input name="password" type="password" autoComplete="current-password" required className={input} />
        </label>
        <button type="submit" className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900">
          Sign in
        </button>
      </form>
    </div>
  );
}
