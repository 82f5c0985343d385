import * as client from 'openid-client';
import { z } from 'zod';
import { safeNextPath } from './next-path';

/**
 * Sign-in with any OpenID Connect provider (Okta, Entra ID, Google,
 * Keycloak, Authentik…) through `openid-client`, an OpenID-certified
 * relying party library: the authorization code flow with PKCE (S256),
 * `state` and `nonce`, the ID token validated (signature, issuer, audience,
 * expiry, nonce) by the library. docs/security.md, "OpenID Connect", says
 * how to register Baton at a provider.
 *
 * Three steps, no HTTP framework here (the sign-in routes hold the cookies):
 * `loadOidc` discovers the provider once per setting set; `beginOidc` gives
 * the URL to send the browser to and the transaction to keep until it comes
 * back (in a short-lived signed cookie); `finishOidc` checks the callback
 * against that transaction and returns who signed in. Every failure is an
 * `OidcError` whose message a person can act on.
 */

export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
export const OIDC_SCOPE = 'openid email profile';

export type OidcErrorCode =
  /** The settings cannot work (not a URL, plain http to a non-loopback issuer…). */
  | 'settings'
  /** The issuer did not answer (network, DNS, timeout). */
  | 'unreachable'
  /** The issuer answered, but not as an OpenID provider with this issuer identifier. */
  | 'not-oidc'
  /** The provider answered the sign-in with an error (`?error=access_denied`…). */
  | 'denied'
  /** The callback does not belong to the sign-in started here (state), or lacks its parts. */
  | 'state'
  /** The provider refused the code (used, expired, wrong client secret…) or returned an ID token that does not check out. */
  | 'rejected';

export class OidcError extends Error {
  override name = 'OidcError';
  constructor(
    readonly code: OidcErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .pipe(z.url({ protocol: /^https?$/, message: `${what} must be an http(s) URL such as https://login.example.com` }));

export const oidcSettingsSchema = z.object({
  issuer: httpUrl('BATON_OIDC_ISSUER'),
  clientId: z.string().trim().min(1, 'BATON_OIDC_CLIENT_ID is required with BATON_OIDC_ISSUER'),
  clientSecret: z.string().min(1, 'BATON_OIDC_CLIENT_SECRET is required with BATON_OIDC_ISSUER'),
  publicUrl: httpUrl('BATON_PUBLIC_URL').transform((v) => v.replace(/\/+$/, '')),
});

export type OidcSettings = z.input<typeof oidcSettingsSchema>;

export interface OidcConfig {
  /** The issuer identifier as the provider states it (its discovery document). */
  readonly issuer: string;
  /** `${BATON_PUBLIC_URL}/auth/oidc/callback`: register exactly this at the provider. */
  readonly redirectUri: string;
  readonly client: client.Configuration;
}

/**
 * What the caller keeps (signed, short-lived) between `beginOidc` and
 * `finishOidc`; the schema parses it back from wherever it was kept.
 * `next` is the same-origin path to return to after signing in.
 */
export const oidcTransactionSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  codeVerifier: z.string().regex(/^[\w.~-]{43,128}$/),
  next: z.string().transform((v) => safeNextPath(v)),
});

export type OidcTransaction = z.output<typeof oidcTransactionSchema>;

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
}

/** Discovery and token requests give up after this long: a stuck provider must not hang a sign-in. */
const TIMEOUT_SECONDS = 10;

/** Plain http is allowed only to an issuer on this machine (tests, a provider on the same host). */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function parseSettings(settings: OidcSettings): z.output<typeof oidcSettingsSchema> {
  const result = oidcSettingsSchema.safeParse(settings);
  if (!result.success) throw new OidcError('settings', `OpenID Connect settings: ${result.error.issues.map((i) => i.message).join('; ')}`);
  const issuer = new URL(result.data.issuer);
  if (issuer.protocol === 'http:' && !isLoopbackUrl(issuer)) {
    throw new OidcError('settings', `BATON_OIDC_ISSUER must be an https URL (plain http only for a provider on this machine, such as http://127.0.0.1): ${result.data.issuer}`);
  }
  return result.data;
}

const discovered = new Map<string, Promise<OidcConfig>>();

/**
 * The provider's configuration, discovered once per setting set and kept.
 * A failed discovery is not kept: the next call tries again (a provider
 * that was down at start-up works once it is up).
 */
export function loadOidc(settings: OidcSettings): Promise<OidcConfig> {
  let parsed: z.output<typeof oidcSettingsSchema>;
  try {
    parsed = parseSettings(settings);
  } catch (error) {
    return Promise.reject(error);
  }
  const key = JSON.stringify([parsed.issuer, parsed.clientId, parsed.clientSecret, parsed.publicUrl]);
  const known = discovered.get(key);
  if (known) return known;
  const pending = discover(parsed);
  discovered.set(key, pending);
  pending.catch(() => discovered.delete(key));
  return pending;
}

async function discover(settings: z.output<typeof oidcSettingsSchema>): Promise<OidcConfig> {
  const issuer = new URL(settings.issuer);
  const insecure = issuer.protocol === 'http:';
  let config: client.Configuration;
  try {
    // client_secret_basic: the default of OAuth client registration (RFC 7591), which every provider accepts.
    config = await client.discovery(issuer, settings.clientId, undefined, client.ClientSecretBasic(settings.clientSecret), {
      timeout: TIMEOUT_SECONDS,
      execute: insecure ? [client.allowInsecureRequests] : [],
    });
  } catch (error) {
    throw discoveryError(settings.issuer, error);
  }
  config.timeout = TIMEOUT_SECONDS;
  return { issuer: config.serverMetadata().issuer, redirectUri: `${settings.publicUrl}${OIDC_CALLBACK_PATH}`, client: config };
}

function discoveryError(issuer: string, error: unknown): OidcError {
  const where = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  if (!(error instanceof client.ClientError) && error instanceof Error && (error.name === 'TypeError' || error.name === 'TimeoutError' || error.name === 'AbortError')) {
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return new OidcError('unreachable', `The OpenID provider at ${issuer} is unreachable (${cause}): check BATON_OIDC_ISSUER and that Baton can reach it`, { cause: error });
  }
  const detail = describe(error);
  return new OidcError('not-oidc', `${issuer} is not an OpenID provider, or not with this issuer identifier: ${where} did not give its discovery document (${detail}). BATON_OIDC_ISSUER must be the issuer exactly as the provider states it`, { cause: error });
}

/** The provider URL to send the browser to, and the transaction to keep until it comes back. */
export async function beginOidc(config: OidcConfig, next: string): Promise<{ url: string; transaction: OidcTransaction }> {
  const transaction: OidcTransaction = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    next: safeNextPath(next),
  };
  const url = client.buildAuthorizationUrl(config.client, {
    redirect_uri: config.redirectUri,
    scope: OIDC_SCOPE,
    response_type: 'code',
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, transaction };
}

const claimString = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const claimBoolean = (v: unknown) => (v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined);

/**
 * Checks the callback (`${publicUrl}/auth/oidc/callback?code=…&state=…`)
 * against the transaction, exchanges the code (with the PKCE verifier),
 * validates the ID token (nonce included) and returns who signed in. The
 * email and name come from the ID token, or from the UserInfo endpoint when
 * the provider keeps them there (its answer must name the same subject).
 */
export async function finishOidc(config: OidcConfig, callbackUrl: URL, given: OidcTransaction): Promise<OidcIdentity> {
  const kept = oidcTransactionSchema.safeParse(given);
  if (!kept.success) throw new OidcError('state', 'The sign-in started in this browser is unreadable: start the sign-in again from Baton');
  const transaction = kept.data;
  const providerError = callbackUrl.searchParams.get('error');
  if (providerError) {
    const description = callbackUrl.searchParams.get('error_description');
    throw new OidcError('denied', `The identity provider did not sign you in: ${providerError}${description ? ` (${description})` : ''}. Try again, or ask your administrator whether your account may use Baton`);
  }
  const state = callbackUrl.searchParams.get('state');
  if (!callbackUrl.searchParams.get('code') || !state) throw new OidcError('state', 'The sign-in answer lacks its code or state: start the sign-in again from Baton');
  if (state !== transaction.state) throw new OidcError('state', 'This sign-in answer does not belong to the sign-in started in this browser (state differs): start the sign-in again from Baton');

  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config.client, callbackUrl, {
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      pkceCodeVerifier: transaction.codeVerifier,
      idTokenExpected: true,
    });
  } catch (error) {
    throw grantError(error);
  }
  const claims = tokens.claims();
  if (!claims) throw new OidcError('rejected', 'The identity provider answered without an ID token: is the client registered for OpenID Connect?');
  let extra: Record<string, unknown> = {};
  if (claimString(claims.email) === undefined || claimString(claims.name) === undefined) {
    if (config.client.serverMetadata().userinfo_endpoint) {
      try {
        extra = await client.fetchUserInfo(config.client, tokens.access_token, claims.sub);
      } catch (error) {
        throw new OidcError('rejected', `The identity provider's UserInfo endpoint failed: ${describe(error)}`, { cause: error });
      }
    }
  }
  const pick = (name: string) => claims[name] ?? extra[name];
  const identity: OidcIdentity = { issuer: claims.iss, subject: claims.sub };
  const email = claimString(pick('email'));
  const emailVerified = claimBoolean(pick('email_verified'));
  const name = claimString(pick('name'));
  if (email !== undefined) identity.email = email;
  if (emailVerified !== undefined) identity.emailVerified = emailVerified;
  if (name !== undefined) identity.name = name;
  return identity;
}

/** openid-client's message, and the one of the check that failed under it (`unexpected ID Token "nonce" claim value`). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

function grantError(error: unknown): OidcError {
  if (error instanceof client.AuthorizationResponseError) {
    return new OidcError('denied', `The identity provider did not sign you in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`, { cause: error });
  }
  // The token endpoint's refusal: in its body (invalid_grant…), or in WWW-Authenticate when client authentication failed.
  const refusal =
    error instanceof client.ResponseBodyError
      ? { error: error.error, description: error.error_description }
      : error instanceof client.WWWAuthenticateChallengeError
        ? { error: error.cause[0]?.parameters.error ?? `HTTP ${error.status}`, description: error.cause[0]?.parameters.error_description }
        : undefined;
  if (refusal) {
    return new OidcError('rejected', `The identity provider refused the sign-in code: ${refusal.error}${refusal.description ? ` (${refusal.description})` : ''}. Start the sign-in again; if it keeps failing, check BATON_OIDC_CLIENT_ID and BATON_OIDC_CLIENT_SECRET`, { cause: error });
  }
  if (error instanceof Error && (error.name === 'TypeError' || error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new OidcError('unreachable', `The OpenID provider is unreachable: ${error.cause instanceof Error ? error.cause.message : error.message}`, { cause: error });
  }
  const detail = describe(error);
  return new OidcError('rejected', `The identity provider's answer did not check out: ${detail}. Start the sign-in again`, { cause: error });
}
