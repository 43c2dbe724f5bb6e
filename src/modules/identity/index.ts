/** e-ID accounts and sign-on: other modules use the web session guard and the account levels. */
import type { Platform } from '../../platform/context.ts';
import { createAccounts } from './accounts.ts';
import { createWebSessions, requireAccount } from './web-session.ts';

export { ACR, type Account, type Level } from './accounts.ts';
export { identityModule } from './module.ts';
export { createSystemTokenCheck, type SystemToken } from './oidc/access-tokens.ts';
export { identityCommand } from './statistics/cli.ts';
export { signedInAccount } from './web-session.ts';

/** The e-ID account of a person, if they have one (e.g. to link an officer to it). */
export async function accountIdOf(platform: Platform, personalId: string) {
  return (await createAccounts(platform).byPersonalId(personalId))?.id;
}

/** A preHandler letting only a signed-in person through (`request.account` is then set). */
export function signedInGuard(platform: Platform) {
  return requireAccount(createWebSessions(platform, createAccounts(platform)), platform.config.publicUrl);
}
