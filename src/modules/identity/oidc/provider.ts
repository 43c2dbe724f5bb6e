import Provider, { type Configuration, interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { Platform } from '../../../platform/context.ts';
import { connect, type Db } from '../../../platform/db/index.ts';
import { clientCertificate } from '../../../platform/http/client-cert.ts';
import { ACR, type Accounts, levelRequired } from '../accounts.ts';
import type { Mandates } from '../mandates.ts';
import { derivedSecret } from '../secrets.ts';
import { createOidcAdapter } from './adapter.ts';
import { claimsOf, SCOPE_CLAIMS } from './claims.ts';
import { firstPartyClients } from './clients.ts';
import { errorPage, loggedOutPage, logoutPage } from './pages.ts';

export const OIDC_PREFIX = '/oidc';

/**
 * The provider's records (codes, tokens, sessions, replay marks) are written with asynchronous commit: a
 * crash may forget the last milliseconds of them, which only makes a client or a person authenticate
 * again; waiting for the disk at every token would cap the token endpoint at the disk's flush rate.
 * Accounts, consents, mandates and the audit log stay on the platform's synchronous pool.
 */
export function oidcStore(platform: Platform) {
  const url = (platform.pool.options as { connectionString?: string }).connectionString;
  if (!url) return { db: platform.db, close: async () => {} };
  const { db, close } = connect(url, {
    max: 10,
    applicationName: 'citizen-oidc',
    asynchronousCommit: true,
    prepare: platform.config.dbPrepare,
  });
  return { db, close };
}

/**
 * The platform's OpenID provider (oidc-provider, certified): issuer `<public URL>/oidc`. We write the
 * storage, the accounts and the interactions; the protocol is the library's.
 */
export async function createProvider(
  platform: Platform,
  /** Where the provider keeps its records (see `oidcStore`). */
  store: Db,
  accounts: Accounts,
  mandates: Mandates,
  fetch: (url: string, options?: RequestInit) => Promise<Response>,
) {
  const { config, clock, keys } = platform;
  const issuer = `${config.publicUrl}${OIDC_PREFIX}`;
  const Adapter = createOidcAdapter(store, clock);
  await firstPartyClients(platform);

  const configuration: Configuration = {
    adapter: Adapter,
    jwks: (await keys.privateJwks()) as Configuration['jwks'],
    cookies: { keys: [derivedSecret(config, 'oidc-cookies')] },
    acrValues: [ACR[1], ACR[2]],
    // `act` (RFC 8693): the person acting, when the subject is someone they represent.
    claims: { openid: ['sub', 'act'], ...SCOPE_CLAIMS },
    scopes: ['openid', 'offline_access', ...Object.keys(SCOPE_CLAIMS)],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      id_token_signed_response_alg: 'ES256',
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256', 'EdDSA'],
      userinfoSigningAlgValues: ['ES256', 'EdDSA'],
      clientAuthSigningAlgValues: ['ES256', 'EdDSA', 'PS256', 'RS256', 'HS256'],
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutPage, postLogoutSuccessSource: loggedOutPage },
      // RFC 8705 certificate-bound tokens for agency systems that register with
      // tls_client_certificate_bound_access_tokens: the TLS-terminating proxy passes the verified client
      // certificate on (RFC 9440 Client-Cert); client authentication stays private_key_jwt.
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        getCertificate: (ctx) => clientCertificate(ctx.req.headers, config.trustProxy),
      },
    },
    interactions: {
      url: (_ctx, interaction) => `${OIDC_PREFIX}/interaction/${interaction.uid}`,
      policy: stepUpPolicy(),
    },
    ttl: {
      AccessToken: 10 * 60,
      AuthorizationCode: 60,
      ClientCredentials: 10 * 60,
      IdToken: 10 * 60,
      Interaction: 30 * 60,
      Grant: 365 * 86_400,
      Session: 8 * 3600,
      RefreshToken: 30 * 86_400,
    },
    // Every use of a refresh token returns a new one; a replayed old one revokes the whole grant.
    rotateRefreshToken: () => true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // The platform's own areas need no consent screen; every other service shows one, recorded.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const representation = (ctx.oidc.result as { representation?: { actor: string; mandateId: string } })
        ?.representation;
      const grantId =
        ctx.oidc.result?.consent?.grantId ||
        (representation ? undefined : session.grantIdFor(client.clientId));
      if (grantId) return provider.Grant.find(grantId);
      if (!client.metadata().first_party) return undefined;
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
      const saved = await grant.save();
      if (representation)
        await mandates.recordRepresentation(saved, representation.actor, representation.mandateId);
      return grant;
    },
    // Access tokens issued on someone's behalf say who acts (seen by resource servers at introspection).
    extraTokenClaims: async (_ctx, token) => {
      const actor = await mandates.actorOf((token as { grantId?: string }).grantId);
      return actor ? { act: { sub: actor.accountId, mandate: actor.kind } } : undefined;
    },
    extraClientMetadata: { properties: ['first_party', 'client_name_vi'] },
    findAccount: async (ctx, sub, token) => {
      const account = await accounts.byId(sub);
      if (account?.state !== 'active') return undefined;
      return {
        accountId: account.id,
        claims: async (_use: string, scope: string) => {
          const claims = await claimsOf(
            accounts,
            account,
            scope,
            ctx.oidc.client?.clientId ?? 'unknown client',
          );
          const grantId =
            (token as { grantId?: string } | undefined)?.grantId ?? ctx.oidc.entities?.Grant?.jti;
          const actor = await mandates.actorOf(grantId);
          return actor ? { ...claims, act: { sub: actor.accountId, mandate: actor.kind } } : claims;
        },
      };
    },
    renderError: errorPage,
    conformIdTokenClaims: true,
    // Back-channel logout calls to the platform's own web app stay in-process.
    fetch: fetch as Configuration['fetch'],
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = config.trustProxy;
  // Client assertions and DPoP proofs are marked used atomically (see the adapter).
  provider.ReplayDetection.unique = Adapter.claimReplayMark;
  // A service that could not be told of a logout keeps its session until its tokens expire: say so.
  provider.on('backchannel.error', (_ctx: unknown, error: Error, client: { clientId: string }) => {
    platform.log.warn(
      { client: client.clientId, err: { message: error.message } },
      'back-channel logout failed',
    );
  });
  return provider;
}

/**
 * The library's prompts plus step-up: a request that needs level 2 (`acr_values` without level 1) signs
 * the person in again when the current session was only level 1, even within `max_age`.
 */
function stepUpPolicy() {
  const { base, Check } = interactionPolicy;
  const policy = base();
  policy
    .get('login')
    ?.checks.add(
      new Check('level_2_required', 'A level 2 sign-in is required', (ctx: KoaContextWithOIDC) =>
        levelRequired(ctx.oidc.params?.acr_values) === 2 && ctx.oidc.session?.acr !== ACR[2]
          ? Check.REQUEST_PROMPT
          : Check.NO_NEED_TO_PROMPT,
      ),
    );
  return policy;
}

export type OidcProvider = Awaited<ReturnType<typeof createProvider>>;
