import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Passwords (NIST SP 800-63B §3.1.1.2, OWASP Password Storage): at least 8 characters, no composition rules,
 * refused when on a list of common or breached passwords; stored as Argon2id with OWASP's parameters
 * (m = 19 MiB, t = 2, p = 1).
 */
export const MIN_LENGTH = 8;
export const MAX_LENGTH = 128;
const ARGON2ID = 2;
export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

// 49k passwords seen in breaches (zxcvbn-ts), plus ones common in Vietnam that the list lacks.
const VIETNAMESE = [
  'matkhau',
  'matkhau123',
  'anhyeuem',
  'anhyeuem123',
  'emyeuanh',
  'iloveyou123',
  'vietnam123',
];
const COMMON = new Set([...dictionary['passwords-common'], ...VIETNAMESE].map((p) => p.toLowerCase()));

export type PasswordProblem = 'too_short' | 'too_long' | 'common';

export function passwordProblem(password: string, personalId?: string): PasswordProblem | undefined {
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_LENGTH) return 'too_short';
  if (length > MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || (personalId && lower.includes(personalId))) return 'common';
  // Repeats and runs of one character ("aaaaaaaa", "11111111") are as weak as a listed password.
  if (new Set(lower).size <= 2) return 'common';
  return undefined;
}

export const hashPassword = (password: string) => hash(password.normalize('NFC'), ARGON2_OPTIONS);

export const verifyPassword = (stored: string, password: string) =>
  verify(stored, password.normalize('NFC')).catch(() => false);

/**
 * A hash to verify against when the account does not exist, so that an unknown personal ID costs the same
 * time as a wrong password (no account enumeration by timing).
 */
let decoy: Promise<string> | undefined;
export const decoyHash = () => {
  decoy ??= hashPassword('decoy password that no account has');
  return decoy;
};
