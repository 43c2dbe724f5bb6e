import type { Platform } from '../../platform/context.ts';
import { createChallenges } from './challenges.ts';
import { createPasskeys } from './passkeys.ts';
import { createTotp } from './totp.ts';

/** Everything besides the password: authenticator codes, recovery codes, passkeys, and their challenges. */
export function createCredentials(platform: Platform) {
  const challenges = createChallenges(platform.db, platform.clock);
  return { challenges, totp: createTotp(platform), passkeys: createPasskeys(platform, challenges) };
}

export type Credentials = ReturnType<typeof createCredentials>;
