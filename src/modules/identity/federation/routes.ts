import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { InteractionResults } from 'oidc-provider';
import { Type } from 'typebox';
import type { Platform } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { levelRequired } from '../accounts.ts';
import { errors } from '../errors.ts';
import { OIDC_PREFIX, type OidcProvider } from '../oidc/provider.ts';
import { federationErrors } from './errors.ts';
import { createFederation, FederationRefusal, PENDING_SECONDS, UPSTREAM_CALLBACK } from './service.ts';

const PENDING_COOKIE = 'citizen_eid_upstream';
const Uid = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{10,64}$' }) });

/**
 * Finishes a pending sign-in by its uid, as `provider.interactionResult` does with the interaction cookie:
 * that cookie is scoped to /oidc/interaction/:uid and does not reach the upstream callback, so the uid
 * comes from the sealed cookie set by the same browser after it proved the interaction cookie.
 */
async function finishInteraction(provider: OidcProvider, uid: string, result: InteractionResults) {
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) throw errors.interaction_expired();
  if (interaction.session?.uid) {
    const session = await provider.Session.findByUid(interaction.session.uid);
    if (!session || session.accountId !== interaction.session.accountId) throw errors.interaction_expired();
  }
  interaction.result = result;
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
  return interaction.returnTo;
}

/**
 * Federated sign-in routes: the sign-in page's "national e-ID" button leaves for the upstream from
 * /oidc/interaction/:uid/federated; the upstream returns to /auth/upstream/callback, which finishes the
 * provider's interaction with the linked account (amr `fed`) or returns to the sign-in page with the reason.
 */
export async function registerFederation(
  base: FastifyInstance,
  platform: Platform,
  provider: () => Promise<OidcProvider>,
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = platform;
  const federation = createFederation(platform);
  const rateLimit = { rateLimit: { max: config.signInRateLimit, timeWindow: '1 minute' } };
  const cookie = (maxAge: number) =>
    ({
      httpOnly: true,
      // Lax: the upstream brings the browser back with a top-level GET from another site.
      sameSite: 'lax',
      secure: config.publicUrl.startsWith('https:'),
      path: UPSTREAM_CALLBACK,
      maxAge,
    }) as const;

  app.get(
    '/api/v1/identity/federation',
    {
      schema: {
        tags: ['identity'],
        summary: 'Whether sign-in with the national e-ID (an upstream OpenID provider) is offered',
        response: { 200: Type.Object({ enabled: Type.Boolean() }) },
      },
    },
    async () => ({ enabled: federation.enabled }),
  );

  app.get(
    `${OIDC_PREFIX}/interaction/:uid/federated`,
    {
      config: rateLimit,
      schema: {
        tags: ['identity'],
        summary: 'Sign in with the national e-ID: redirects to the upstream provider (PKCE, state, nonce)',
        params: Uid,
        response: { 303: Type.Null(), '4xx': problemSchema, 502: problemSchema },
      },
    },
    async (request, reply) => {
      if (!federation.enabled) throw federationErrors.federation_disabled();
      const op = await provider();
      const details = await op.interactionDetails(request.raw, reply.raw).catch(() => undefined);
      if (!details || details.uid !== request.params.uid || details.prompt.name !== 'login')
        throw errors.interaction_expired();
      const started = await federation
        .begin(details.uid, levelRequired(details.params.acr_values))
        .catch((error: unknown) => {
          if (error instanceof AppError) throw error;
          request.log.warn({ err: { message: (error as Error).message } }, 'upstream e-ID unreachable');
          throw federationErrors.upstream_unavailable();
        });
      reply.setCookie(PENDING_COOKIE, started.sealed, cookie(PENDING_SECONDS));
      return reply.redirect(started.url, 303);
    },
  );

  app.get(UPSTREAM_CALLBACK, { config: rateLimit, schema: { hide: true } }, async (request, reply) => {
    const pending = federation.pendingOf(request.cookies[PENDING_COOKIE]);
    reply.clearCookie(PENDING_COOKIE, { path: UPSTREAM_CALLBACK });
    if (!pending) {
      // Nothing started in this browser (or it expired, or the cookie was altered): nothing to finish.
      await federation.refused('no_pending_signin', federationErrors.federation_failed());
      throw federationErrors.federation_failed('No sign-in with the national e-ID is in progress here.');
    }
    try {
      const login = await federation.complete(pending, new URL(request.url, config.publicUrl));
      const returnTo = await finishInteraction(await provider(), pending.uid, federation.loginResult(login));
      return reply.redirect(returnTo, 303);
    } catch (error) {
      if (!(error instanceof FederationRefusal)) throw error;
      // Back to the same sign-in page, which says why and still offers the other ways to sign in.
      const page = `${OIDC_PREFIX}/interaction/${pending.uid}?federation_error=${encodeURIComponent(error.problem.code)}`;
      return reply.redirect(page, 303);
    }
  });
}
