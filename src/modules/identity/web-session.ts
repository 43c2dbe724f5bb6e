import { createHash, randomBytes } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { Type } from 'typebox';
import { setOfficerSession } from '../../platform/auth/http.ts';
import { authErrors } from '../../platform/auth/index.ts';
import type { Platform } from '../../platform/context.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import { ACR, type Account, type Accounts } from './accounts.ts';
import { errors } from './errors.ts';
import { WEB_CLIENT_ID, webClient } from './oidc/clients.ts';
import { localFetch } from './oidc/local-fetch.ts';
import { OIDC_PREFIX } from './oidc/provider.ts';

/**
 * The web app signs people in through the platform's own OpenID provider as a confidential client, on the
 * server (backend-for-frontend): the browser holds only an HttpOnly session cookie, the tokens stay sealed
 * in `identity.web_session`. The provider is called in-process (`inject`), with the real protocol.
 */
export const SESSION_COOKIE = 'citizen_eid';
const TX_COOKIE = 'citizen_eid_tx';
const SESSION_HOURS = 8;
const hash = (id: string) => createHash('sha256').update(id).digest('hex');

declare module 'fastify' {
  interface FastifyRequest {
    account?: Account & { sessionId: string };
  }
}

export function createWebSessions(platform: Platform, accounts: Accounts) {
  const { db, clock, sealer } = platform;
  return {
    /** The signed-in account of this request, or undefined. */
    async accountOf(request: FastifyRequest) {
      const id = request.cookies[SESSION_COOKIE];
      if (!id) return undefined;
      const row = await db
        .selectFrom('identity.web_session')
        .select(['account_id', 'id_hash'])
        .where('id_hash', '=', hash(id))
        .where('ended_at', 'is', null)
        .where('expires_at', '>', clock.now())
        .executeTakeFirst();
      if (!row) return undefined;
      const account = await accounts.byId(row.account_id);
      if (account?.state !== 'active') return undefined;
      return { ...account, sessionId: row.id_hash };
    },

    async start(
      account: Account,
      tokens: oidc.TokenEndpointResponse,
      sid: string | undefined,
      userAgent?: string,
    ) {
      const id = randomBytes(32).toString('base64url');
      const now = clock.now();
      await db
        .insertInto('identity.web_session')
        .values({
          id_hash: hash(id),
          account_id: account.id,
          acr: ACR[account.level],
          oidc_sid: sid ?? null,
          tokens_sealed: sealer.seal(JSON.stringify(tokens), `identity.web_session:${account.id}`),
          user_agent: userAgent?.slice(0, 200) ?? null,
          created_at: now,
          last_seen_at: now,
          expires_at: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
        })
        .execute();
      return id;
    },

    async tokensOf(sessionHash: string, accountId: string) {
      const row = await db
        .selectFrom('identity.web_session')
        .select('tokens_sealed')
        .where('id_hash', '=', sessionHash)
        .executeTakeFirst();
      return row
        ? (JSON.parse(
            sealer.openText(row.tokens_sealed, `identity.web_session:${accountId}`),
          ) as oidc.TokenEndpointResponse)
        : undefined;
    },

    async end(where: { idHash?: string; sid?: string; accountId?: string }) {
      let q = db
        .updateTable('identity.web_session')
        .set({ ended_at: clock.now() })
        .where('ended_at', 'is', null);
      if (where.idHash) q = q.where('id_hash', '=', where.idHash);
      if (where.sid) q = q.where('oidc_sid', '=', where.sid);
      if (where.accountId) q = q.where('account_id', '=', where.accountId);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async list(accountId: string) {
      return db
        .selectFrom('identity.web_session')
        .select(['id_hash', 'user_agent', 'created_at', 'last_seen_at', 'expires_at'])
        .where('account_id', '=', accountId)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', clock.now())
        .orderBy('created_at', 'desc')
        .execute();
    },
  };
}

export type WebSessions = ReturnType<typeof createWebSessions>;

/**
 * A preHandler letting only a signed-in person through. Writes must come from our own origin: with
 * SameSite=Lax cookies and JSON-only bodies that closes cross-site request forgery.
 */
export function requireAccount(sessions: WebSessions, publicUrl: string) {
  const origin = new URL(publicUrl).origin;
  return async (request: FastifyRequest) => {
    const account = await sessions.accountOf(request);
    if (!account) throw authErrors.unauthenticated('Sign in with your e-ID account.');
    const from = request.headers.origin;
    if (request.method !== 'GET' && from && from !== origin) {
      throw authErrors.forbidden(`Requests from ${from} are not accepted.`);
    }
    request.account = account;
  };
}

/** The person signed in on a request that passed `requireAccount` (a route without the guard throws). */
export function signedInAccount(request: FastifyRequest): NonNullable<FastifyRequest['account']> {
  if (!request.account) throw authErrors.unauthenticated('Sign in with your e-ID account.');
  return request.account;
}

export async function registerWebSignIn(
  base: FastifyInstance,
  platform: Platform,
  accounts: Accounts,
  sessions: WebSessions,
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { config, sealer } = platform;
  const secure = config.publicUrl.startsWith('https:');
  const client = webClient(platform);

  const local = localFetch(app, config.publicUrl) as oidc.CustomFetch;
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(`${config.publicUrl}${OIDC_PREFIX}`),
        WEB_CLIENT_ID,
        client.client_secret,
        undefined,
        {
          execute: config.publicUrl.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
          [oidc.customFetch]: local,
        },
      )
      .catch((error) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const cookieOptions = (maxAge: number, path = '/') =>
    ({ httpOnly: true, sameSite: 'lax', secure, path, maxAge }) as const;
  const safeReturn = (value: unknown) =>
    typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';

  app.get(
    '/auth/login',
    {
      schema: {
        tags: ['identity'],
        summary: 'Start signing in with e-ID (redirects to the OpenID provider)',
        querystring: Type.Object({
          returnTo: Type.Optional(Type.String({ maxLength: 500 })),
          level: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
        }),
      },
    },
    async (request, reply) => {
      const cfg = await configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const pending = { verifier, state, nonce, returnTo: safeReturn(request.query.returnTo) };
      reply.setCookie(
        TX_COOKIE,
        sealer.seal(JSON.stringify(pending), TX_COOKIE),
        cookieOptions(600, '/auth'),
      );
      const url = oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: client.redirect_uris[0] as string,
        scope: 'openid profile personal_id',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(request.query.level === 2 ? { acr_values: ACR[2] } : {}),
      });
      return reply.redirect(url.href);
    },
  );

  app.get('/auth/callback', { schema: { hide: true } }, async (request, reply) => {
    const sealed = request.cookies[TX_COOKIE];
    reply.clearCookie(TX_COOKIE, { path: '/auth' });
    try {
      if (!sealed) throw new Error('no sign-in in progress');
      const pending = JSON.parse(sealer.openText(sealed, TX_COOKIE)) as {
        verifier: string;
        state: string;
        nonce: string;
        returnTo: string;
      };
      const cfg = await configuration();
      const current = new URL(request.url, config.publicUrl);
      const tokens = await oidc.authorizationCodeGrant(cfg, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      });
      const claims = tokens.claims();
      const account = claims ? await accounts.byId(claims.sub) : undefined;
      if (account?.state !== 'active') throw new Error('account not active');
      const id = await sessions.start(
        account,
        tokens,
        claims?.sid as string | undefined,
        request.headers['user-agent'],
      );
      reply.setCookie(SESSION_COOKIE, id, { ...cookieOptions(8 * 3600), sameSite: 'lax' });
      // Staff: an officer linked to this account gets the console session too, but only after a level 2
      // sign-in (two factors): multi-factor authentication is mandatory for staff.
      if (claims?.acr === ACR[2]) {
        const staff = await platform.auth.signInWithAccount(account.id, request.id);
        if (staff) setOfficerSession(reply, config, staff.session);
      }
      return reply.redirect(pending.returnTo);
    } catch (error) {
      request.log.warn({ err: { message: (error as Error).message } }, 'web sign-in failed');
      return reply.redirect('/?signin=failed');
    }
  });

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign out of the web app; returns the provider URL that ends the single sign-on session',
        response: { 200: Type.Object({ redirectTo: Type.String() }) },
      },
    },
    async (request, reply) => {
      const account = await sessions.accountOf(request);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      if (!account) return { redirectTo: '/' };
      const tokens = await sessions.tokensOf(account.sessionId, account.id);
      await sessions.end({ idHash: account.sessionId });
      const cfg = await configuration();
      const url = oidc.buildEndSessionUrl(cfg, {
        post_logout_redirect_uri: client.post_logout_redirect_uris[0] as string,
        ...(tokens?.id_token ? { id_token_hint: tokens.id_token } : {}),
      });
      return { redirectTo: url.href };
    },
  );

  // Back-channel logout (OpenID Back-Channel Logout 1.0): the provider tells us a session ended elsewhere.
  await app.register(async (untyped) => {
    const scope = untyped.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.post(
      '/auth/backchannel-logout',
      {
        schema: {
          hide: true,
          body: Type.Object({ logout_token: Type.String({ maxLength: 8192 }) }),
          response: { 200: Type.Null(), 400: problemSchema },
        },
      },
      async (request, reply) => {
        const keys = createLocalJWKSet(await platform.keys.jwks());
        try {
          const { payload } = await jwtVerify(request.body.logout_token, keys, {
            issuer: `${config.publicUrl}${OIDC_PREFIX}`,
            audience: WEB_CLIENT_ID,
            typ: 'logout+jwt',
          });
          const events = payload.events as Record<string, unknown> | undefined;
          if (!events?.['http://schemas.openid.net/event/backchannel-logout'] || payload.nonce !== undefined)
            throw new Error('not a logout token');
          if (typeof payload.sid === 'string') await sessions.end({ sid: payload.sid });
          else if (typeof payload.sub === 'string') await sessions.end({ accountId: payload.sub });
          else throw new Error('no sid or sub');
        } catch {
          throw errors.invalid_logout_token();
        }
        return reply.code(200).send(null);
      },
    );
  });

  return { configuration };
}
