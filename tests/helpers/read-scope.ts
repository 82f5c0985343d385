import { it as vitestIt } from 'vitest';
import { ALL_SCOPE, type Scope } from '@/lib/auth/scope';
import { withScope } from '@/lib/db/read-scope';

/**
 * Reads outside any scope are refused (lib/db/read-scope.ts). Tests of the
 * query layer read as a caller who may see every project, unless they say
 * otherwise: `it` here is vitest's `it` (and `it.each`) with each test body
 * run within ALL_SCOPE, as a request of an admin of every project would be;
 * `readAs` runs one read within a given scope.
 */

export const readAs = <T>(scope: Scope, work: () => Promise<T>): Promise<T> => withScope(scope, work);

type Fn = (...args: unknown[]) => unknown;
const inAll = (fn: Fn) => (...args: unknown[]) => withScope(ALL_SCOPE, async () => void (await fn(...args)));
const wrap = (args: unknown[]) => args.map((a) => (typeof a === 'function' ? inAll(a as Fn) : a));

export const it: typeof vitestIt = new Proxy(vitestIt, {
  apply: (target, self, args: unknown[]) => Reflect.apply(target, self, wrap(args)) as unknown,
  get: (target, prop, receiver) =>
    prop === 'each'
      ? (...cases: unknown[]) =>
          (...args: unknown[]) =>
            (Reflect.apply(target.each, target, cases) as Fn)(...wrap(args))
      : (Reflect.get(target, prop, receiver) as unknown),
});
