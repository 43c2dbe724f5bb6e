import type { Sealer } from '../../platform/crypto.ts';
import { normalizeName } from '../../platform/text.ts';
import { errors } from './errors.ts';
import { civilDate, dateParts } from './partial-date.ts';
import type { Address, Changes, ResidentState } from './types.ts';

/** The attributes a caller gives, in clear; `toChanges` normalises, checks and seals them. */
export type Attributes = Omit<ResidentState, 'personalId' | 'householdId'>;

export type SensitiveField = 'ethnicity' | 'religion';
export const SENSITIVE: readonly SensitiveField[] = ['ethnicity', 'religion'];

/** The sealed value is bound to the person and field, so it cannot be copied to another row or column. */
export const sealContext = (personalId: string, field: SensitiveField) =>
  `registry.resident.${field}:${personalId}`;

const ADDRESS_FIELDS = [
  'birthRegistrationPlace',
  'hometown',
  'permanentAddress',
  'temporaryAddress',
  'currentAddress',
] as const;

function name(value: string): string {
  const normalized = normalizeName(value);
  if (!normalized)
    throw errors.invalid_name({ vi: 'Tên không được để trống.', en: 'A name cannot be empty.' });
  return normalized;
}

function address(a: Address): Address {
  return { version: a.version, commune: a.commune, street: a.street ? normalizeName(a.street) : null };
}

/** Names and free text in NFC (DOMAIN §1), dates checked, sensitive fields sealed. Only given keys are kept. */
export function toChanges(sealer: Sealer, personalId: string, input: Partial<Attributes>): Changes {
  const out: Changes = {};
  const set = <K extends keyof Changes>(key: K, value: Changes[K]) => {
    if (value !== undefined) out[key] = value;
  };
  if (input.fullName !== undefined) set('fullName', name(input.fullName));
  if (input.otherNames !== undefined) set('otherNames', input.otherNames.map(name));
  if (input.birthDate !== undefined) {
    dateParts(input.birthDate);
    set('birthDate', input.birthDate);
  }
  set('sex', input.sex);
  for (const field of SENSITIVE) {
    const value = input[field];
    if (value !== undefined)
      set(field, value === null ? null : sealer.seal(name(value), sealContext(personalId, field)));
  }
  if (input.nationality !== undefined) set('nationality', name(input.nationality));
  if (input.placeOfBirth !== undefined)
    set('placeOfBirth', input.placeOfBirth === null ? null : name(input.placeOfBirth));
  for (const field of ADDRESS_FIELDS) {
    const value = input[field];
    if (value !== undefined) set(field, value === null ? null : address(value));
  }
  set('lifeStatus', input.lifeStatus);
  if (input.deathDate !== undefined)
    set('deathDate', input.deathDate === null ? null : civilDate(input.deathDate));
  set('maritalStatus', input.maritalStatus);
  if (input.idCard !== undefined) {
    const card = input.idCard;
    set(
      'idCard',
      card === null
        ? null
        : {
            issuedOn: civilDate(card.issuedOn),
            expiresOn: card.expiresOn === null ? null : civilDate(card.expiresOn),
            authority: name(card.authority),
          },
    );
  }
  return out;
}

/** The addresses an event sets, to be checked against the reference data. */
export function addressesIn(changes: Changes): Address[] {
  return ADDRESS_FIELDS.flatMap((field) => {
    const value = changes[field];
    return value ? [value] : [];
  });
}

export function required(value: string | undefined, error: () => Error): string {
  const text = value?.trim();
  if (!text) throw error();
  return text;
}
