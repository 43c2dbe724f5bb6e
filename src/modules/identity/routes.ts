import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { Type } from 'typebox';
import { auditTrailOf } from '../../platform/audit/index.ts';
import { requireOfficer } from '../../platform/auth/http.ts';
import type { Platform } from '../../platform/context.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import { createAccounts } from './accounts.ts';
import { consentsOf, revokeConsent } from './consents.ts';
import { createCredentials } from './credentials.ts';
import { errors } from './errors.ts';
import { registerFederation } from './federation/routes.ts';
import { disableClient, listClients, saveClient } from './oidc/clients.ts';
import { mountProvider } from './oidc/http.ts';
import { localFetch } from './oidc/local-fetch.ts';
import { createProvider, OIDC_PREFIX, oidcStore } from './oidc/provider.ts';
import { registerStatistics } from './statistics/routes.ts';
import { createWebSessions, registerWebSignIn, requireAccount, signedInAccount } from './web-session.ts';

const PersonalId = Type.String({ pattern: '^[0-9]{12}$', description: '12-digit personal ID' });
const problems = { '4xx': problemSchema };

/** e-ID: the OpenID provider at /oidc, web sign-in at /auth, and the account API at /api/v1. */
export const routes =
  (platform: Platform): FastifyPluginAsyncTypebox =>
  async (app) => {
    const accounts = createAccounts(platform);
    const credentials = createCredentials(platform, accounts);
    // Built on first use: building the app runs no query (the provider reads its keys and clients).
    let built: ReturnType<typeof createProvider> | undefined;
    const store = oidcStore(platform);
    app.addHook('onClose', store.close);
    const provider = () => {
      built ??= createProvider(
        platform,
        store.db,
        accounts,
        credentials.mandates,
        localFetch(app, platform.config.publicUrl),
      ).catch((error) => {
        built = undefined;
        throw error;
      });
      return built;
    };
    const sessions = createWebSessions(platform, accounts);
    await app.register(async (scope) => mountProvider(scope, platform, provider, accounts, credentials), {
      prefix: OIDC_PREFIX,
    });
    await registerWebSignIn(app, platform, accounts, sessions);
    await registerFederation(app, platform, provider);
    await registerStatistics(app, platform);
    const signedIn = { preHandler: requireAccount(sessions, platform.config.publicUrl) };

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
      '/api/v1/identity/password-resets',
      {
        config: { rateLimit: { max: platform.config.signInRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: "Forgotten password: a code goes to the account's phone (same answer for any personal ID)",
          body: Type.Object({ personalId: PersonalId }),
          response: { 202: Type.Object({ challengeId: Type.String() }), ...problems },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await accounts.startPasswordReset(request.body.personalId)),
    );

    app.post(
      '/api/v1/identity/password-resets/:challengeId/complete',
      {
        config: { rateLimit: { max: platform.config.signInRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary:
            'Set a new password with the code (from the phone, or handed over at a counter); signs out everywhere',
          params: Type.Object({ challengeId: Type.String({ format: 'uuid' }) }),
          body: Type.Object({
            code: Type.String({ pattern: '^[0-9]{6}$' }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        await accounts.completePasswordReset(
          request.params.challengeId,
          request.body.code,
          request.body.password,
        );
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/identity/accounts/:personalId/recovery',
      {
        preHandler: requireOfficer(platform.auth, platform.config, 'registry.write'),
        schema: {
          tags: ['identity'],
          summary:
            'At a counter, after checking the person and their card: a one-time reset code (24 h), optionally a new phone',
          params: Type.Object({ personalId: PersonalId }),
          body: Type.Object({
            newPhone: Type.Optional(Type.String({ pattern: '^(\\+84|0)[0-9]{9}$' })),
          }),
          response: { 200: Type.Object({ challengeId: Type.String(), code: Type.String() }), ...problems },
        },
      },
      async (request) => {
        const officer = request.officer;
        if (!officer) throw errors.account_not_found();
        return accounts.counterRecovery(officer, request.params.personalId, request.body.newPhone);
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

    const AccountAdminView = Type.Object({
      personalId: Type.String(),
      fullName: Type.String(),
      level: Type.Integer(),
      state: Type.String(),
      activeSessions: Type.Integer(),
      proofings: Type.Array(
        Type.Object({
          method: Type.String(),
          place: Type.String(),
          evidenceRef: Type.Union([Type.String(), Type.Null()]),
          officerId: Type.String(),
          at: Type.String({ format: 'date-time' }),
        }),
      ),
    });
    const accountAdmin = requireOfficer(platform.auth, platform.config, 'identity.admin');

    app.get(
      '/api/v1/identity/accounts/:personalId',
      {
        preHandler: accountAdmin,
        schema: {
          tags: ['identity'],
          summary: "An e-ID account as its administrator sees it (the officer's jurisdiction; audited)",
          params: Type.Object({ personalId: PersonalId }),
          response: { 200: AccountAdminView, ...problems },
        },
      },
      async (request) =>
        accounts.adminView(request.officer as NonNullable<typeof request.officer>, request.params.personalId),
    );

    app.post(
      '/api/v1/identity/accounts/:personalId/state',
      {
        preHandler: accountAdmin,
        schema: {
          tags: ['identity'],
          summary:
            'Lock, suspend or reactivate an e-ID account; locking and suspending sign it out everywhere',
          params: Type.Object({ personalId: PersonalId }),
          body: Type.Object({
            state: Type.Union([Type.Literal('active'), Type.Literal('locked'), Type.Literal('suspended')]),
            reason: Type.String({ minLength: 3, maxLength: 500 }),
          }),
          response: { 200: Type.Object({ state: Type.String() }), ...problems },
        },
      },
      async (request) => {
        const officer = request.officer as NonNullable<typeof request.officer>;
        const account = await accounts.setState(officer, request.params.personalId, request.body);
        return { state: account.state };
      },
    );

    const admin = { preHandler: requireOfficer(platform.auth, platform.config, 'platform.admin') };
    const ClientInput = Type.Object({
      client_id: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$' }),
      client_name: Type.String({ minLength: 1, maxLength: 200 }),
      grant_types: Type.Array(
        Type.Union([
          Type.Literal('authorization_code'),
          Type.Literal('refresh_token'),
          Type.Literal('client_credentials'),
        ]),
        { minItems: 1 },
      ),
      token_endpoint_auth_method: Type.Union([
        Type.Literal('private_key_jwt'),
        Type.Literal('client_secret_basic'),
      ]),
      redirect_uris: Type.Optional(Type.Array(Type.String({ format: 'uri' }), { maxItems: 20 })),
      post_logout_redirect_uris: Type.Optional(Type.Array(Type.String({ format: 'uri' }), { maxItems: 20 })),
      backchannel_logout_uri: Type.Optional(Type.String({ format: 'uri' })),
      jwks: Type.Optional(
        Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1 }) }),
      ),
    });

    app.get(
      '/api/v1/identity/clients',
      {
        ...admin,
        schema: {
          tags: ['identity'],
          summary: 'Services registered at the OpenID provider (administrators)',
          response: {
            200: Type.Array(
              Type.Object({
                clientId: Type.String(),
                name: Type.String(),
                grantTypes: Type.Array(Type.String()),
                authMethod: Type.String(),
                redirectUris: Type.Array(Type.String()),
                firstParty: Type.Boolean(),
                disabled: Type.Boolean(),
              }),
            ),
            ...problems,
          },
        },
      },
      async () => listClients(platform),
    );

    app.post(
      '/api/v1/identity/clients',
      {
        ...admin,
        schema: {
          tags: ['identity'],
          summary:
            'Register a service: a relying party, or an agency system (client credentials, private_key_jwt)',
          body: ClientInput,
          response: {
            201: Type.Object({ clientId: Type.String(), clientSecret: Type.Optional(Type.String()) }),
            ...problems,
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const usesCode = body.grant_types.includes('authorization_code');
        const secret =
          body.token_endpoint_auth_method === 'client_secret_basic'
            ? randomBytes(32).toString('base64url')
            : undefined;
        const metadata = {
          ...body,
          redirect_uris: body.redirect_uris ?? [],
          response_types: usesCode ? ['code'] : [],
          ...(secret ? { client_secret: secret } : {}),
          ...(body.token_endpoint_auth_method === 'private_key_jwt'
            ? { token_endpoint_auth_signing_alg: undefined }
            : {}),
        };
        if (body.token_endpoint_auth_method === 'private_key_jwt' && !body.jwks) {
          throw errors.invalid_client('private_key_jwt needs the public keys (jwks).');
        }
        try {
          await (await provider()).Client.validate(JSON.parse(JSON.stringify(metadata)));
        } catch (error) {
          throw errors.invalid_client(
            (error as { error_description?: string }).error_description ?? (error as Error).message,
          );
        }
        const existing = await platform.db
          .selectFrom('identity.client')
          .select('client_id')
          .where('client_id', '=', body.client_id)
          .executeTakeFirst();
        if (existing) throw errors.invalid_client(`A client ${body.client_id} exists.`);
        await saveClient(platform, JSON.parse(JSON.stringify(metadata)));
        await platform.audit.record(platform.db, {
          actor: `officer:${request.officer?.id}`,
          action: 'identity.client.registered',
          details: { client: body.client_id, grants: body.grant_types },
        });
        return reply
          .code(201)
          .send({ clientId: body.client_id, ...(secret ? { clientSecret: secret } : {}) });
      },
    );

    app.delete(
      '/api/v1/identity/clients/:clientId',
      {
        ...admin,
        schema: {
          tags: ['identity'],
          summary: 'Disable a service: its tokens and grants end at once',
          params: Type.Object({ clientId: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$' }) }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        await disableClient(platform, request.params.clientId);
        await platform.audit.record(platform.db, {
          actor: `officer:${request.officer?.id}`,
          action: 'identity.client.disabled',
          details: { client: request.params.clientId },
        });
        return reply.code(204).send(null);
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
              totp: Type.Boolean(),
              passkeys: Type.Integer(),
            }),
            ...problems,
          },
        },
      },
      async (request) => {
        const account = signedInAccount(request);
        const me = await accounts.residentFor(
          account,
          'Người dân xem tài khoản của mình (the person viewing their own account)',
        );
        return {
          accountId: account.id,
          personalId: account.personalId,
          fullName: me.fullName,
          level: account.level,
          phone: account.phone,
          totp: await credentials.totp.enabled(account.id),
          passkeys: (await credentials.passkeys.list(account.id)).length,
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
        const account = signedInAccount(request);
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
        const account = signedInAccount(request);
        const mine = (await sessions.list(account.id)).find((s) => s.id_hash.startsWith(request.params.id));
        if (!mine) throw errors.account_not_found('No such session.');
        await sessions.end({ idHash: mine.id_hash });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/me/totp',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Set up an authenticator app: the secret as a QR code (confirm with a first code)',
          response: {
            200: Type.Object({ uri: Type.String(), secret: Type.String(), qrSvg: Type.String() }),
            ...problems,
          },
        },
      },
      async (request) => credentials.totp.start(signedInAccount(request)),
    );

    app.post(
      '/api/v1/me/totp/confirm',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Confirm the authenticator app with a first code; returns ten recovery codes, shown once',
          body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }),
          response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), ...problems },
        },
      },
      async (request) => ({
        recoveryCodes: await credentials.totp.confirm(signedInAccount(request), request.body.code),
      }),
    );

    app.get(
      '/api/v1/me/passkeys',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'My passkeys',
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                createdAt: Type.String(),
                lastUsedAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
            ...problems,
          },
        },
      },
      async (request) => credentials.passkeys.list(signedInAccount(request).id),
    );

    app.post(
      '/api/v1/me/passkeys/options',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'WebAuthn options to create a passkey on this device',
          response: { 200: Type.Object({}, { additionalProperties: true }), ...problems },
        },
      },
      async (request) =>
        (await credentials.passkeys.registrationOptions(signedInAccount(request))) as unknown as Record<
          string,
          unknown
        >,
    );

    app.post(
      '/api/v1/me/passkeys',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: "Save a passkey: the browser's WebAuthn attestation",
          body: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 60 }),
            response: Type.Record(Type.String(), Type.Unknown()),
          }),
          response: { 201: Type.Object({ id: Type.String(), name: Type.String() }), ...problems },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await credentials.passkeys.register(
              signedInAccount(request),
              request.body.response as unknown as RegistrationResponseJSON,
              request.body.name,
            ),
          ),
    );

    app.delete(
      '/api/v1/me/passkeys/:id',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Remove a passkey',
          params: Type.Object({ id: Type.String({ maxLength: 1400 }) }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        const done = await credentials.passkeys.remove(signedInAccount(request), request.params.id);
        if (!done) throw errors.account_not_found('No such passkey.');
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/me/children',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary:
            'A parent with a level 2 account opens an account for their child under 14, managed by them',
          body: Type.Object({ personalId: PersonalId }),
          response: {
            201: Type.Object({ accountId: Type.String(), mandateId: Type.String(), until: Type.String() }),
            ...problems,
          },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await credentials.mandates.registerChild(signedInAccount(request), request.body.personalId)),
    );

    app.get(
      '/api/v1/me/mandates',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Whom I may act for, and whom I authorised to act for me',
          response: {
            200: Type.Object({
              actFor: Type.Array(
                Type.Object({
                  id: Type.String(),
                  kind: Type.String(),
                  personalId: Type.String(),
                  scopes: Type.Array(Type.String()),
                  expiresAt: Type.String(),
                }),
              ),
              given: Type.Array(
                Type.Object({
                  id: Type.String(),
                  kind: Type.String(),
                  personalId: Type.String(),
                  scopes: Type.Array(Type.String()),
                  expiresAt: Type.String(),
                  revokedAt: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
            }),
            ...problems,
          },
        },
      },
      async (request) => {
        const account = signedInAccount(request);
        const actFor = await credentials.mandates.activeFor(account.id);
        const given = await credentials.mandates.grantedBy(account.id);
        return {
          actFor: actFor.map((m) => ({
            id: m.id,
            kind: m.kind,
            personalId: m.represented.personalId,
            scopes: m.scopes,
            expiresAt: m.expiresAt,
          })),
          given: given.map((m) => ({
            id: m.id as string,
            kind: m.kind as string,
            personalId: (m.personal_id as string).trim(),
            scopes: m.scopes as string[],
            expiresAt: (m.expires_at as Date).toISOString(),
            revokedAt: m.revoked_at ? (m.revoked_at as Date).toISOString() : null,
          })),
        };
      },
    );

    app.post(
      '/api/v1/me/mandates',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Authorise another account holder to act for me, for some purposes, until a date',
          body: Type.Object({
            personalId: PersonalId,
            scopes: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_.:-]{1,63}$' }), {
              minItems: 1,
              maxItems: 20,
            }),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          response: { 201: Type.Object({ id: Type.String() }), ...problems },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await credentials.mandates.grant(
              signedInAccount(request),
              request.body.personalId,
              request.body.scopes,
              new Date(request.body.expiresAt),
            ),
          ),
    );

    app.delete(
      '/api/v1/me/mandates/:id',
      {
        ...signedIn,
        schema: {
          tags: ['identity'],
          summary: 'Revoke a mandate (either party may); grants issued under it end at once',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        const done = await credentials.mandates.revoke(signedInAccount(request), request.params.id);
        if (!done) throw errors.invalid_mandate('No such mandate, or already revoked.');
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
      async (request) => consentsOf(platform, signedInAccount(request).id),
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
        const done = await revokeConsent(platform, signedInAccount(request).id, request.params.id);
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
        const account = signedInAccount(request);
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
