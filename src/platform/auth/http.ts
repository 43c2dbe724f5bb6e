import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../config.ts';
import { type Auth, authErrors, type Officer, type Role } from './index.ts';

const COOKIE = 'citizen_session';

declare module 'fastify' {
  interface FastifyRequest {
    officer?: Officer;
  }
}

/** Sets (or, with maxAge 0, clears) the officer session cookie: by a sign-in link or by e-ID. */
export function setOfficerSession(reply: FastifyReply, config: Config, value: string, maxAge = 8 * 3600) {
  const secure = config.publicUrl.startsWith('https:');
  reply.setCookie(COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge });
}

/**
 * A preHandler that lets only a signed-in officer through (401 otherwise), with `role` when given (403).
 * Cookie-authenticated writes must come from our own origin: with SameSite=Strict cookies and JSON-only
 * bodies this closes cross-site request forgery.
 */
export function requireOfficer(auth: Auth, config: Config, role?: Role) {
  const origin = new URL(config.publicUrl).origin;
  return async (request: FastifyRequest) => {
    const officer = await auth.officerOfSession(request.cookies[COOKIE]);
    if (!officer) throw authErrors.unauthenticated('Sign in with a link from your administrator.');
    const from = request.headers.origin;
    if (request.method !== 'GET' && from && from !== origin && !from.endsWith(`//${request.headers.host}`)) {
      throw authErrors.forbidden(`Requests from ${from} are not accepted.`);
    }
    if (role && !officer.roles.includes(role)) throw authErrors.forbidden(`This needs the role ${role}.`);
    request.officer = officer;
  };
}

const OfficerSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  jurisdiction: Type.Object({
    level: Type.Union([Type.Literal('province'), Type.Literal('commune')]),
    code: Type.String(),
    name: Type.String(),
  }),
});

/** Session routes: sign in with a one-time link, who am I, sign out. */
export async function registerAuthRoutes(
  app: FastifyInstance,
  auth: Auth,
  config: Config,
  unitName: (officer: Officer) => Promise<string>,
) {
  await app.register(cookie);
  const setSession = (reply: FastifyReply, value: string, maxAge: number) =>
    setOfficerSession(reply, config, value, maxAge);

  app.get(
    '/auth/link/:token',
    {
      schema: {
        tags: ['Session'],
        summary: 'Sign in with a one-time link issued by `citizen officer link`',
        params: Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) }),
        // Where to land after signing in: an area of the web app only (never another site).
        querystring: Type.Object({
          next: Type.Optional(Type.String({ pattern: '^/(officer|business)(/[A-Za-z0-9/_-]*)?$' })),
        }),
      },
    },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const { next } = request.query as { next?: string };
      const { session } = await auth.redeemLink(token, request.id);
      setSession(reply, session, 8 * 3600);
      return reply.redirect(next ?? '/officer', 303);
    },
  );

  app.get(
    '/api/v1/session',
    {
      preHandler: requireOfficer(auth, config),
      schema: {
        tags: ['Session'],
        summary: 'The signed-in officer',
        response: { 200: Type.Object({ officer: OfficerSchema }), 401: { $ref: 'Problem#' } },
      },
    },
    async (request) => {
      const officer = request.officer as Officer;
      return {
        officer: { ...officer, jurisdiction: { ...officer.jurisdiction, name: await unitName(officer) } },
      };
    },
  );

  app.post(
    '/api/v1/session/logout',
    { schema: { tags: ['Session'], summary: 'Sign out', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const session = request.cookies[COOKIE];
      if (session) await auth.endSession(session, request.id);
      setSession(reply, '', 0);
      return reply.status(204).send();
    },
  );
}
