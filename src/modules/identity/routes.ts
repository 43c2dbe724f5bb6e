import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { auditTrailOf } from '../../platform/audit/index.ts';
import { requireOfficer } from '../../platform/auth/http.ts';
import type { Platform } from '../../platform/context.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import { createAccounts } from './accounts.ts';
import { consentsOf, revokeConsent } from './consents.ts';
import { errors } from './errors.ts';
import { registerFederation } from './federation/routes.ts';
import { mountProvider } from './oidc/http.ts';
import { localFetch } from './oidc/local-fetch.ts';
import { createProvider, OIDC_PREFIX } from './oidc/provider.ts';
import { registerStatistics } from './statistics/routes.ts';
import { createWebSessions, registerWebSignIn, requireAccount } from './web-session.ts';

const PersonalId = Type.String({ pattern: '^[0-9]{12}$', description: '12-digit personal ID' });
const problems = { '4xx': problemSchema };

/** e-ID: the OpenID provider at /oidc, web sign-in at /auth, and the account API at /api/v1. */
export const routes =
  (platform: Platform): FastifyPluginAsyncTypebox =>
  async (app) => {
    const accounts = createAccounts(platform);
    // Built on first use: building the app runs no query (the provider reads its keys and clients).
    let built: ReturnType<typeof createProvider> | undefined;
    const provider = () => {
      built ??= createProvider(platform, accounts, localFetch(app, platform.config.publicUrl)).catch(
        (error) => {
          built = undefined;
          throw error;
        },
      );
      return built;
    };
    const sessions = createWebSessions(platform, accounts);
    await app.register(async (scope) => mountProvider(scope, platform, provider, accounts), {
      prefix: OIDC_PREFIX,
    });
    await registerWebSignIn(app, platform, accounts, sessions);
    await registerFederation(app, platform, provider);
    await registerStatistics(app, platform);
    const signedIn = { preHandler: requireAccount(sessions) };

    app.post(
      '/api/v1/identity/registrations',
      {
        config: { rateLimit: { max: platform.config.signInRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary:
            'Register a level 1 e-ID account: the stated identity must match the registry; a code goes to the phone',
          body: Type.Object({
            personalId: PersonalId,
            fullName: Type.String({ minLength: 1, maxLength: 200 }),
            birthDate: Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' }),
            sex: Type.Union([Type.Literal('male'), Type.Literal('female')]),
            phone: Type.String({ pattern: '^(\\+84|0)[0-9]{9}$', description: 'Vietnamese mobile number' }),
          }),
          response: { 202: Type.Object({ challengeId: Type.String() }), ...problems },
        },
      },
      async (request, reply) => reply.code(202).send(await accounts.startRegistration(request.body)),
    );

    app.post(
      '/api/v1/identity/registrations/:challengeId/complete',
      {
        config: { rateLimit: { max: platform.config.signInRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Finish registration with the code from the phone and a password',
          params: Type.Object({ challengeId: Type.String({ format: 'uuid' }) }),
          body: Type.Object({
            code: Type.String({ pattern: '^[0-9]{6}$' }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          }),
          response: {
            201: Type.Object({ accountId: Type.String(), level: Type.Integer() }),
            ...problems,
          },
        },
      },
      async (request, reply) => {
        const account = await accounts.completeRegistration(
          request.params.challengeId,
          request.body.code,
          request.body.password,
        );
        return reply.code(201).send({ accountId: account.id, level: account.level });
      },
    );

    app.post(
      '/api/v1/identity/accounts/:personalId/proofing',
      {
        preHandler: requireOfficer(platform.auth, platform.config, 'registry.write'),
        schema: {
          tags: ['identity'],
          summary: 'Record in-person proofing at a counter: the account rises to level 2',
          params: Type.Object({ personalId: PersonalId }),
          body: Type.Object({
            method: Type.Union([
              Type.Literal('chip-card-nfc'),
              Type.Literal('chip-card-visual'),
              Type.Literal('biometric'),
            ]),
            place: Type.String({ minLength: 1, maxLength: 200 }),
            evidenceRef: Type.Optional(Type.String({ maxLength: 200 })),
          }),
          response: { 200: Type.Object({ accountId: Type.String(), level: Type.Integer() }), ...problems },
        },
      },
      async (request) => {
        const officer = request.officer;
        if (!officer) throw errors.account_not_found();
        const account = await accounts.recordProofing(officer, request.params.personalId, request.body);
        return { accountId: account.id, level: account.level };
      },
    );

    app.get(
      '/api/v1/me',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'The signed-in person: account, level and name',
          response: {
            200: Type.Object({
              accountId: Type.String(),
              personalId: Type.String(),
              fullName: Type.String(),
              level: Type.Integer(),
              phone: Type.String(),
            }),
            ...problems,
          },
        },
      },
      async (request) => {
        const account = request.account as NonNullable<typeof request.account>;
        const me = await accounts.residentFor(account, 'The person viewing their own account');
        return {
          accountId: account.id,
          personalId: account.personalId,
          fullName: me.fullName,
          level: account.level,
          phone: account.phone,
        };
      },
    );

    app.get(
      '/api/v1/me/sessions',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Where I am signed in',
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.String(),
                device: Type.Union([Type.String(), Type.Null()]),
                createdAt: Type.String(),
                current: Type.Boolean(),
              }),
            ),
            ...problems,
          },
        },
      },
      async (request) => {
        const account = request.account as NonNullable<typeof request.account>;
        return (await sessions.list(account.id)).map((s) => ({
          id: s.id_hash.slice(0, 16),
          device: s.user_agent,
          createdAt: s.created_at.toISOString(),
          current: s.id_hash === account.sessionId,
        }));
      },
    );

    app.delete(
      '/api/v1/me/sessions/:id',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Sign out a device',
          params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        const account = request.account as NonNullable<typeof request.account>;
        const mine = (await sessions.list(account.id)).find((s) => s.id_hash.startsWith(request.params.id));
        if (!mine) throw errors.account_not_found('No such session.');
        await sessions.end({ idHash: mine.id_hash });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me/consents',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Services I allowed to receive my data',
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.String(),
                clientId: Type.String(),
                clientName: Type.String(),
                scopes: Type.Array(Type.String()),
                grantedAt: Type.String(),
                revokedAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
            ...problems,
          },
        },
      },
      async (request) => consentsOf(platform, (request.account as { id: string }).id),
    );

    app.delete(
      '/api/v1/me/consents/:id',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Withdraw a consent: the service loses its access at once',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        const done = await revokeConsent(platform, (request.account as { id: string }).id, request.params.id);
        if (!done) throw errors.account_not_found('No such consent.');
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me/access-log',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Who accessed my data: the audit entries about me',
          response: {
            200: Type.Array(
              Type.Object({
                at: Type.String(),
                actor: Type.String(),
                action: Type.String(),
                purpose: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
            ...problems,
          },
        },
      },
      async (request) => {
        const account = request.account as NonNullable<typeof request.account>;
        return (await auditTrailOf(platform.db, account.personalId)).map((r) => ({
          at: (r.at as Date).toISOString(),
          actor: r.actor as string,
          action: r.action as string,
          purpose: (r.purpose as string | null) ?? null,
        }));
      },
    );

    if (platform.config.env !== 'production') {
      app.get(
        '/api/v1/dev/inbox',
        {
          schema: {
            tags: ['identity'],
            summary: 'Development only: the SMS and e-mails that would have been sent',
            response: {
              200: Type.Array(
                Type.Object({
                  id: Type.String(),
                  channel: Type.String(),
                  to: Type.String(),
                  text: Type.String(),
                  at: Type.String(),
                }),
              ),
            },
          },
        },
        async () => (await platform.notify.inbox()).map((m) => ({ ...m, at: m.at.toISOString() })),
      );
    }
  };
