import type { Platform } from '../../platform/context.ts';
import type { Accounts } from './accounts.ts';
import { createChallenges } from './challenges.ts';
import { createMandates } from './mandates.ts';
import { createPasskeys } from './passkeys.ts';
import { createTotp } from './totp.ts';

/**
 * Everything besides the password: authenticator codes, recovery codes, passkeys and their challenges, and
 * the mandates that let one person act for another.
 */
export function createCredentials(platform: Platform, accounts: Accounts) {
  const challenges = createChallenges(platform.db, platform.clock);
  return {
    challenges,
    totp: createTotp(platform),
    passkeys: createPasskeys(platform, challenges),
    mandates: createMandates(platform, accounts),
  };
}

export type Credentials = ReturnType<typeof createCredentials>;
