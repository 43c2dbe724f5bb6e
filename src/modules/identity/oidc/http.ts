import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance } from 'fastify';
import type { Interaction, InteractionResults } from 'oidc-provider';
import { Type } from 'typebox';
import type { Platform } from '../../../platform/context.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { ACR, type Account, type Accounts, levelRequired } from '../accounts.ts';
import { recordConsent } from '../consents.ts';
import type { Credentials } from '../credentials.ts';
import { errors } from '../errors.ts';
import { OIDC_PREFIX, type OidcProvider } from './provider.ts';

const LoginStep = Type.Object({
  redirectTo: Type.Optional(Type.String()),
  secondFactor: Type.Optional(Type.Literal('totp')),
  represent: Type.Optional(
    Type.Array(
      Type.Object({
        mandateId: Type.String(),
        kind: Type.String(),
        fullName: Type.String(),
      }),
    ),
  ),
});

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
  credentials: Credentials,
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

  /**
   * Ends a step on the interaction this request already read, as the provider's `interactionResult` does
   * without reading it (its cookie, its row, its session) a second time; the provider resumes from it.
   */
  const saveResult = async (d: Interaction, result: InteractionResults) => {
    d.result = result;
    await d.save(d.exp - Math.floor(Date.now() / 1000));
    return d.returnTo;
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

    /**
     * Ends the login step. Level 2 assurance needs a level 2 account and two factors (password and an
     * authenticator code, or a passkey with user verification); a service asking for level 2 gets it or
     * a clear refusal, never a lower level silently. `mayRepresent` is false when the sign-in has already
     * read that the person holds no mandate (no need to look again).
     */
    async function finishLogin(d: Interaction, account: Account, amr: string[], mayRepresent = true) {
      const acr = account.level === 2 && amr.length > 1 ? ACR[2] : ACR[1];
      if (levelRequired(d.params.acr_values) === 2 && acr !== ACR[2]) {
        if (account.level < 2)
          throw errors.level_too_low('Visit a counter to raise your account to level 2.');
        throw errors.second_factor_required(
          'Level 2 needs a passkey, or your password and an authenticator code.',
        );
      }
      // Someone who may act for others chooses first: for themselves, or for whom.
      const mandates = mayRepresent ? await credentials.mandates.activeFor(account.id) : [];
      if (mandates.length > 0) {
        const login = JSON.stringify({ accountId: account.id, acr, amr });
        await credentials.challenges.put(`act:${d.uid}`, 'represent', login, account.id);
        const represent = [];
        for (const m of mandates) {
          const who = await accounts.residentFor(
            { ...account, personalId: m.represented.personalId },
            'e-ID: choosing whom to act for',
          );
          represent.push({ mandateId: m.id, kind: m.kind, fullName: who.fullName });
        }
        return { represent };
      }
      return complete(d, { accountId: account.id, acr, amr });
    }

    async function complete(
      d: Interaction,
      login: { accountId: string; acr: string; amr: string[] },
      representation?: { actor: string; mandateId: string },
    ) {
      const result = { login: { ...login, remember: false }, ...(representation ? { representation } : {}) };
      return { redirectTo: await saveResult(d, result) };
    }

    scope.post(
      '/interaction/:uid/represent',
      {
        schema: {
          tags: ['identity'],
          summary:
            'After signing in: act for yourself (mandateId null) or on behalf of a person you represent',
          params: Uid,
          body: Type.Object({ mandateId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) }),
          response: { 200: LoginStep, '4xx': problemSchema },
        },
      },
      async (request, reply) => {
        const d = await details(request, reply);
        const pending = await credentials.challenges.take(`act:${d.uid}`, 'represent');
        if (!pending) throw errors.interaction_expired();
        const login = JSON.parse(pending.value) as { accountId: string; acr: string; amr: string[] };
        const { mandateId } = request.body;
        if (mandateId === null) return complete(d, login);
        const mandate = (await credentials.mandates.activeFor(login.accountId)).find(
          (m) => m.id === mandateId,
        );
        if (!mandate) throw errors.invalid_mandate('No such mandate, or it has ended.');
        await platform.audit.record(platform.db, {
          actor: `account:${login.accountId}`,
          action: 'identity.signin.on-behalf',
          subjectPerson: mandate.represented.personalId,
          details: { mandateId, kind: mandate.kind },
        });
        return complete(
          d,
          { ...login, accountId: mandate.represented.accountId },
          { actor: login.accountId, mandateId },
        );
      },
    );

    scope.post(
      '/interaction/:uid/login',
      {
        config: { rateLimit: { max: platform.config.signInRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Sign in with personal ID and password; answers `secondFactor` when a code is needed next',
          params: Uid,
          body: Type.Object({
            personalId: Type.String({ minLength: 1, maxLength: 20 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          }),
          response: { 200: LoginStep, '4xx': problemSchema },
        },
      },
      async (request, reply) => {
        const d = await details(request, reply);
        const account = await accounts.authenticate(request.body.personalId.trim(), request.body.password, {
          ip: request.ip,
        });
        if (account.totp) {
          await credentials.challenges.put(`mfa:${d.uid}`, 'second-factor', 'pwd', account.id);
          return { secondFactor: 'totp' as const };
        }
        return finishLogin(d, account, ['pwd'], account.represents);
      },
    );

    scope.post(
      '/interaction/:uid/totp',
      {
        config: { rateLimit: { max: platform.config.signInRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Second factor after the password: a code from the authenticator app, or a recovery code',
          params: Uid,
          body: Type.Union([
            Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }),
            Type.Object({ recoveryCode: Type.String({ minLength: 6, maxLength: 20 }) }),
          ]),
          response: { 200: LoginStep, '4xx': problemSchema },
        },
      },
      async (request, reply) => {
        const d = await details(request, reply);
        const pending = await credentials.challenges.take(`mfa:${d.uid}`, 'second-factor');
        const account = pending?.accountId ? await accounts.byId(pending.accountId) : undefined;
        if (!account) throw errors.interaction_expired();
        const body = request.body as { code?: string; recoveryCode?: string };
        const right = body.code
          ? await credentials.totp.verify(account.id, body.code)
          : await credentials.totp.redeemRecoveryCode(account.id, body.recoveryCode ?? '');
        await platform.audit.record(platform.db, {
          actor: `account:${account.id}`,
          action: right ? 'identity.mfa.succeeded' : 'identity.mfa.failed',
          subjectPerson: account.personalId,
          details: { method: body.code ? 'totp' : 'recovery-code' },
        });
        if (!right) {
          // One try per password: a wrong code sends the person back to the password step.
          throw errors.invalid_code('Sign in with your password again.');
        }
        return finishLogin(d, account, ['pwd', body.code ? 'otp' : 'kba']);
      },
    );

    scope.post(
      '/interaction/:uid/passkey/options',
      {
        schema: {
          tags: ['identity'],
          summary: 'WebAuthn options to sign in with a passkey (no personal ID needed)',
          params: Uid,
          response: { 200: Type.Object({}, { additionalProperties: true }), '4xx': problemSchema },
        },
      },
      async (request, reply) => {
        const d = await details(request, reply);
        return (await credentials.passkeys.authenticationOptions(d.uid)) as unknown as Record<
          string,
          unknown
        >;
      },
    );

    scope.post(
      '/interaction/:uid/passkey',
      {
        config: { rateLimit: { max: platform.config.signInRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Sign in with a passkey: the WebAuthn assertion from the browser',
          params: Uid,
          body: Type.Object({ response: Type.Record(Type.String(), Type.Unknown()) }),
          response: { 200: LoginStep, '4xx': problemSchema },
        },
      },
      async (request, reply) => {
        const d = await details(request, reply);
        const accountId = await credentials.passkeys.authenticate(
          d.uid,
          request.body.response as unknown as AuthenticationResponseJSON,
        );
        const account = await accounts.byId(accountId);
        if (account?.state !== 'active') throw errors.account_inactive();
        await platform.audit.record(platform.db, {
          actor: `account:${account.id}`,
          action: 'identity.signin.succeeded',
          subjectPerson: account.personalId,
          details: { method: 'passkey', ip: request.ip },
        });
        return finishLogin(d, account, ['hwk', 'user']);
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
        const representation = (d.lastSubmission as { representation?: { actor: string; mandateId: string } })
          ?.representation;
        if (representation) {
          await credentials.mandates.recordRepresentation(
            grantId,
            representation.actor,
            representation.mandateId,
          );
        }
        await recordConsent(platform, {
          accountId: d.session.accountId,
          clientId: String(d.params.client_id),
          grantId,
          scopes: missing.missingOIDCScope ?? [],
          claims: missing.missingOIDCClaims ?? [],
        });
        return { redirectTo: await saveResult(d, { ...d.lastSubmission, consent: { grantId } }) };
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
        const d = await details(request, reply);
        const redirectTo = await saveResult(d, {
          error: 'access_denied',
          error_description: 'The person cancelled the sign-in.',
        });
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
