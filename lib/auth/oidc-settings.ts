import { findAuthRuntime, type AuthRuntime } from './auth-runtime';
import { loadOidc, type OidcConfig } from './oidc';

/** The configured provider for the sign-in routes, or undefined when OpenID Connect is not configured. */
export async function configuredOidc(): Promise<{ auth: AuthRuntime; config: OidcConfig } | undefined> {
  const auth = findAuthRuntime();
  if (!auth?.oidc || !auth.publicUrl) return undefined;
  return { auth, config: await loadOidc({ ...auth.oidc, publicUrl: auth.publicUrl }) };
}
