import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Platform } from '../../../platform/context.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { ACR, type Accounts } from '../accounts.ts';
import { recordConsent } from '../consents.ts';
import { errors } from '../errors.ts';
import { OIDC_PREFIX, type OidcProvider } from './provider.ts';

/** `acr_values` lists acceptable levels: level 2 is required only when level 1 is not acceptable. */
export function levelRequired(acrValues: unknown): 1 | 2 {
  const values = String(acrValues ?? '')
    .split(' ')
    .filter(Boolean);
  return values.length > 0 && !values.includes(ACR[1]) && values.includes(ACR[2]) ? 2 : 1;
}

const Uid = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{10,64}$' }) });

/**
 * The provider under /oidc: the sign-in and consent steps ("interactions") are JSON endpoints used by the
 * web app's sign-in page at /oidc/interaction/:uid; every other path is the library's protocol endpoint,
 * given the raw request with its body unread.
 */
export async function mountProvider(
  base: FastifyInstance,
  platform: Platform,
  lazyProvider: () => Promise<OidcProvider>,
  accounts: Accounts,
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const details = async (
    request: { raw: import('node:http').IncomingMessage },
    reply: { raw: import('node:http').ServerResponse },
  ) => {
    try {
      return await (await lazyProvider()).interactionDetails(request.raw, reply.raw);
    } catch {
      throw errors.interaction_expired();
    }
  };

  await app.register(async (untyped) => {
    const scope = untyped.withTypeProvider<TypeBoxTypeProvider>();
    scope.get('/interaction/:uid', { schema: { hide: true, params: Uid } }, async (_request, reply) =>
      // The web app renders the sign-in page; the provider's cookie is scoped to this path.
      reply.type('text/html').sendFile('index.html'),
    );

    scope.get(
      '/interaction/:uid/details',
      {
        schema: {
          tags: ['identity'],
          summary: 'What a pending sign-in asks for: the client, the step (login or consent), scopes',
          params: Uid,
          response: {
            200: Type.Object({
              uid: Type.String(),
              prompt: Type.String(),
              client: Type.Object({ id: Type.String(), name: Type.String() }),
              scopes: Type.Array(Type.String()),
              levelRequired: Type.Integer(),
            }),
            400: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const d = await details(request, reply);
        const client = await (await lazyProvider()).Client.find(String(d.params.client_id));
        const scopes = String(d.params.scope ?? 'openid').split(' ');
        return {
          uid: d.uid,
          prompt: d.prompt.name,
          client: {
            id: String(d.params.client_id),
            name: String(
              (client?.extra as { client_name_vi?: string })?.client_name_vi ??
                client?.clientName ??
                d.params.client_id,
            ),
          },
          scopes,
          levelRequired: levelRequired(d.params.acr_values),
        };
      },
    );

    scope.post(
      '/interaction/:uid/login',
      {
        config: { rateLimit: { max: platform.config.signInRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Sign in with personal ID and password',
          params: Uid,
          body: Type.Object({
            personalId: Type.String({ minLength: 1, maxLength: 20 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          }),
          response: { 200: Type.Object({ redirectTo: Type.String() }), '4xx': problemSchema },
        },
      },
      async (request, reply) => {
        const d = await details(request, reply);
        const provider = await lazyProvider();
        const account = await accounts.authenticate(request.body.personalId.trim(), request.body.password, {
          ip: request.ip,
        });
        if (account.level < levelRequired(d.params.acr_values)) {
          throw errors.level_too_low('Visit a counter to raise your account to level 2.');
        }
        const redirectTo = await provider.interactionResult(
          request.raw,
          reply.raw,
          { login: { accountId: account.id, acr: ACR[account.level], amr: ['pwd'], remember: false } },
          { mergeWithLastSubmission: false },
        );
        return { redirectTo };
      },
    );

    scope.post(
      '/interaction/:uid/consent',
      {
        schema: {
          tags: ['identity'],
          summary: 'Allow the service to receive the requested data (recorded)',
          params: Uid,
          response: { 200: Type.Object({ redirectTo: Type.String() }), '4xx': problemSchema },
        },
      },
      async (request, reply) => {
        const d = await details(request, reply);
        const provider = await lazyProvider();
        if (d.prompt.name !== 'consent' || !d.session?.accountId) throw errors.interaction_expired();
        const missing = d.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
        const grant = d.grantId
          ? await provider.Grant.find(d.grantId)
          : new provider.Grant({ accountId: d.session.accountId, clientId: String(d.params.client_id) });
        if (!grant) throw errors.interaction_expired();
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        const grantId = await grant.save();
        await recordConsent(platform, {
          accountId: d.session.accountId,
          clientId: String(d.params.client_id),
          grantId,
          scopes: missing.missingOIDCScope ?? [],
          claims: missing.missingOIDCClaims ?? [],
        });
        const redirectTo = await provider.interactionResult(
          request.raw,
          reply.raw,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
        return { redirectTo };
      },
    );

    scope.post(
      '/interaction/:uid/abort',
      {
        schema: {
          tags: ['identity'],
          summary: 'Cancel the sign-in; the service receives access_denied',
          params: Uid,
          response: { 200: Type.Object({ redirectTo: Type.String() }), '4xx': problemSchema },
        },
      },
      async (request, reply) => {
        await details(request, reply);
        const provider = await lazyProvider();
        const redirectTo = await provider.interactionResult(
          request.raw,
          reply.raw,
          { error: 'access_denied', error_description: 'The person cancelled the sign-in.' },
          { mergeWithLastSubmission: false },
        );
        return { redirectTo };
      },
    );
  });

  // The protocol endpoints: the library reads the body itself, so Fastify must leave it unread.
  let callback: ReturnType<OidcProvider['callback']> | undefined;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.all('/*', { schema: { hide: true } }, (request, reply) => {
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? '/').slice(OIDC_PREFIX.length) || '/';
      reply.raw.setHeader('x-content-type-options', 'nosniff');
      reply.raw.setHeader('referrer-policy', 'no-referrer');
      reply.raw.setHeader('x-request-id', request.id);
      lazyProvider().then(
        (provider) => {
          callback ??= provider.callback();
          callback(raw, reply.raw);
        },
        (error: Error) => {
          request.log.error({ err: error }, 'OpenID provider unavailable');
          reply.raw.statusCode = 503;
          reply.raw.end();
        },
      );
    });
  });
}
