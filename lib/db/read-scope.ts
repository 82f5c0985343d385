import { AsyncLocalStorage } from 'node:async_hooks';
import type { Scope } from '@/lib/auth/scope';

/**
 * Which projects the current read may see (docs/security.md, "Roles"): the
 * scope travels with the async context, so it reaches `selectRows` however
 * deep the query is made, without threading it through every query function.
 *
 * - A request enters its caller's scope once, in the API's shared wrapper
 *   (`respond` in lib/api/respond.ts).
 * - Work that belongs to Baton itself (the analyzer, the accounts and audit
 *   tables the sign-in gate reads, the user CLI) runs `unscoped(...)`:
 *   every project, said in code with the reason.
 * - Anything else has no scope, and `selectRows` refuses to run it (fail
 *   closed): a read that forgot to enter a scope reads nothing.
 *
 * One context for the whole process: Next.js bundles its own copy of this
 * module, so the storage lives on globalThis under a registered symbol.
 */

export interface ReadScope {
  scope: Scope;
  /** Baton's own work, not a caller's: every project. */
  system: boolean;
  /** Why it runs unscoped (system reads only), for error messages. */
  reason?: string;
}

const KEY = Symbol.for('baton.read-scope');
type Holder = { [KEY]?: AsyncLocalStorage<ReadScope> };
const context: AsyncLocalStorage<ReadScope> = ((globalThis as Holder)[KEY] ??= new AsyncLocalStorage<ReadScope>());

/** Runs `work` (and every read it makes, however deep) as a caller who may see `scope`. */
export function withScope<T>(scope: Scope, work: () => Promise<T>): Promise<T> {
  return context.run({ scope, system: false }, work);
}

/**
 * Runs `work` as Baton itself, over every project. Only for work no caller
 * asked for or whose tables hold no project data; `reason` says which.
 */
export function unscoped<T>(reason: string, work: () => Promise<T>): Promise<T> {
  return context.run({ scope: { all: true }, system: true, reason }, work);
}

/** The current read scope, or undefined outside any (such a read is refused). */
export function currentReadScope(): ReadScope | undefined {
  return context.getStore();
}
