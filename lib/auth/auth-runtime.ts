import { SignInLimiter } from './rate-limit';
import { Signer } from './signed';

/**
 * Sign-in as this process runs it (docs/security.md): the cookie signer, the
 * attempt limiter and the settings the sign-in routes need, shared by the
 * server entry and the Next.js route handlers through globalThis (Next bundles
 * its own copy of each module). Absent when sign-in is not configured.
 */

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface AuthRuntime {
  signer: Signer;
  limiter: SignInLimiter;
  /** Cookies get `Secure` (and the `__Host-` prefix) when Baton is reached over TLS. */
  secureCookies: boolean;
  publicUrl?: string;
  oidc?: OidcSettings;
}

const KEY = Symbol.for('baton.auth');
type Holder = { [KEY]?: AuthRuntime };

export function setAuthRuntime(auth: AuthRuntime | undefined): void {
  (globalThis as Holder)[KEY] = auth;
}

export function findAuthRuntime(): AuthRuntime | undefined {
  return (globalThis as Holder)[KEY];
}

export function createAuthRuntime(settings: { secret: string; publicUrl?: string; oidc?: OidcSettings }): AuthRuntime {
  return {
    signer: new Signer(settings.secret),
    limiter: new SignInLimiter(),
    secureCookies: settings.publicUrl?.startsWith('https://') ?? false,
    publicUrl: settings.publicUrl,
    oidc: settings.oidc,
  };
}
