import type { Account, Accounts } from '../accounts.ts';

/** Which claims each scope releases (OpenID Connect Core §5.4, plus the platform's `personal_id`). */
export const SCOPE_CLAIMS = {
  profile: ['name', 'gender', 'eid_level'],
  personal_id: ['personal_id'],
  birthdate: ['birthdate'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
} as const;

const FROM_REGISTRY = new Set(['profile', 'birthdate', 'address']);

interface RegistryAddress {
  version: string;
  commune: string;
  street: string | null;
}

/**
 * The claims for a token or userinfo response. Registry data is read only when a granted scope needs it,
 * through the registry's audited read, so the person can see which service received what.
 */
export async function claimsOf(accounts: Accounts, account: Account, scope: string, clientId: string) {
  const scopes = new Set(scope.split(' '));
  const claims: { sub: string; [claim: string]: unknown } = { sub: account.id };
  if ([...scopes].some((s) => FROM_REGISTRY.has(s))) {
    const granted = [...scopes].filter((s) => s !== 'openid').join(' ');
    const resident = await accounts.residentFor(
      account,
      `Cung cấp thông tin (${granted}) cho dịch vụ ${clientId} (OpenID claims released)`,
    );
    if (scopes.has('profile')) {
      claims.name = resident.fullName;
      claims.gender = resident.sex;
      claims.eid_level = account.level;
    }
    if (scopes.has('birthdate')) claims.birthdate = resident.birthDate;
    const address = resident.currentAddress as RegistryAddress | null;
    if (scopes.has('address') && address) {
      claims.address = {
        street_address: address.street ?? undefined,
        locality: address.commune,
        country: 'VN',
        formatted: [
          address.street,
          `${address.version === '2025' ? '' : 'pre-2025 '}commune ${address.commune}`,
        ]
          .filter(Boolean)
          .join(', '),
      };
    }
  }
  if (scopes.has('personal_id')) claims.personal_id = account.personalId;
  if (scopes.has('phone')) {
    claims.phone_number = account.phone;
    claims.phone_number_verified = true;
  }
  return claims;
}
