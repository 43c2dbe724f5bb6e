import type { Role } from '../src/platform/auth/index.ts';
import type { Platform } from '../src/platform/context.ts';

/** Signs an officer in the way the browser does (one-time link → session) and returns the cookie header. */
export async function officerCookie(
  platform: Platform,
  jurisdiction: { level: 'province' | 'commune'; code: string },
  roles: Role[] = ['registry.read', 'registry.write'],
): Promise<{ cookie: string; id: string }> {
  const officer = await platform.auth.addOfficer({ name: `Officer ${Math.random()}`, roles, jurisdiction });
  const { session } = await platform.auth.redeemLink(await platform.auth.issueLink(officer.id), 'test');
  return { cookie: `citizen_session=${session}`, id: officer.id };
}
