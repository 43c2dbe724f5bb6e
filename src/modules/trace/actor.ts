/**
 * Resolves who is acting from the request (ARCHITECTURE §5). Today the identity is the platform's staff
 * session (platform/auth: one-time sign-in links); business users are platform accounts with a row in
 * trace.member. When e-ID sign-in arrives, only `signedInUser` changes: the rest reads the Actor.
 */
import type { FastifyRequest } from 'fastify';
import type { Officer } from '../../platform/auth/index.ts';
import type { Platform } from '../../platform/context.ts';
import { errors } from './errors.ts';
import type { Actor } from './policy.ts';
import type { Trace } from './service.ts';

export interface SignedInUser {
  id: string;
  name: string;
  /** Set for province officers: they act as the authority when they are not members of the business. */
  provinceCode: string | null;
  /** A province officer with `platform.admin` keeps the business registry (see policy.ts). */
  registrar: boolean;
}

/** The signed-in user behind a request that passed requireOfficer (the session preHandler). */
export function signedInUser(request: FastifyRequest): SignedInUser {
  const officer = request.officer as Officer;
  return {
    id: officer.id,
    name: officer.name,
    provinceCode: officer.jurisdiction.level === 'province' ? officer.jurisdiction.code : null,
    registrar: officer.roles.includes('platform.admin'),
  };
}

export function createActors(platform: Platform, trace: Trace) {
  const isAuthority = (user: SignedInUser) =>
    user.provinceCode !== null && user.provinceCode === platform.config.provinceCode;
  const authority = (user: SignedInUser): Actor => ({
    kind: 'authority',
    userId: user.id,
    provinceCode: user.provinceCode as string,
    registrar: user.registrar,
  });

  return {
    isAuthority,
    isRegistrar: (user: SignedInUser) => isAuthority(user) && user.registrar,

    /** The authority for requests on the registry as a whole (list, register); refused to anyone else. */
    forRegistry(request: FastifyRequest): Actor {
      const user = signedInUser(request);
      if (isAuthority(user)) return authority(user);
      throw errors.not_allowed('Only the province authority keeps the business registry.');
    },

    /** The actor for one business: its member (in that role), else the authority, else refused. */
    async forBusiness(request: FastifyRequest, businessId: string): Promise<Actor> {
      const user = signedInUser(request);
      const member = await trace.actingAs(user.id, businessId);
      if (member)
        return {
          kind: 'business-user',
          userId: user.id,
          businessId,
          role: member.role,
          suspended: member.status === 'suspended',
        };
      if (isAuthority(user)) return authority(user);
      throw errors.not_allowed('You do not act for this business.');
    },

    /**
     * For requests that name no business in the path (EPCIS): the business given in `business`, or the
     * user's only business; the authority when the user has none.
     */
    async forRequest(request: FastifyRequest, businessId?: string): Promise<Actor> {
      const user = signedInUser(request);
      if (businessId) return this.forBusiness(request, businessId);
      const memberships = await trace.memberships(user.id);
      if (memberships.length === 1) {
        const m = memberships[0] as (typeof memberships)[number];
        return {
          kind: 'business-user',
          userId: user.id,
          businessId: m.businessId,
          role: m.role,
          suspended: m.status === 'suspended',
        };
      }
      if (memberships.length > 1)
        throw errors.not_allowed('You act for several businesses: name one with ?business=<id>.');
      if (isAuthority(user)) return authority(user);
      throw errors.not_allowed('You do not act for any business.');
    },
  };
}
