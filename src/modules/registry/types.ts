import type { CivilDate } from '../../platform/calendar/index.ts';
import type { AdminUnitVersion } from '../reference/index.ts';
import type { PartialDate } from './partial-date.ts';
import type { Sex } from './personal-id.ts';

/** Who acts. Routes (added later) build it from the session; `roles` gates sensitive fields. */
export interface Actor {
  id: string;
  kind: 'officer' | 'system';
  jurisdiction: { province: string } | { commune: string };
  roles?: string[];
}

/** An address refers to a commune of a stated dataset version (DOMAIN §1: codes are reused across periods). */
export interface Address {
  version: AdminUnitVersion;
  commune: string;
  /** Street, house number, hamlet (thôn, xóm, bản): free text. */
  street: string | null;
}

export type LifeStatus = 'alive' | 'deceased' | 'missing';
export type MaritalStatus = 'single' | 'married' | 'divorced' | 'widowed';

export interface IdCard {
  issuedOn: CivilDate;
  expiresOn: CivilDate | null;
  authority: string;
}

/**
 * A person's record as the registry holds it: the current row and every as-of view are this shape,
 * folded from events. `ethnicity` and `religion` are sealed text here (sensitive data, Law 91/2025/QH15);
 * only a presenter opens them, for an actor allowed to see them.
 */
export interface ResidentState {
  personalId: string;
  fullName: string;
  otherNames: string[];
  birthDate: PartialDate;
  sex: Sex;
  ethnicity: string | null;
  religion: string | null;
  nationality: string;
  placeOfBirth: string | null;
  birthRegistrationPlace: Address | null;
  hometown: Address | null;
  permanentAddress: Address | null;
  temporaryAddress: Address | null;
  currentAddress: Address;
  lifeStatus: LifeStatus;
  deathDate: CivilDate | null;
  maritalStatus: MaritalStatus;
  idCard: IdCard | null;
  householdId: string | null;
}

/** The attributes an event sets, in the same (sealed) form as the state. */
export type Changes = Partial<Omit<ResidentState, 'personalId'>>;

export const EVENT_TYPES = [
  'birth_registered',
  'resident_registered',
  'permanent_residence_registered',
  'temporary_residence_registered',
  'residence_changed',
  'married',
  'divorced',
  'widowed',
  'died',
  'corrected',
  'household_joined',
  'household_split',
  'household_merged',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface ResidentEvent {
  id: string;
  personalId: string;
  type: EventType;
  effectiveDate: CivilDate;
  recordedAt: Date;
  legalBasis: string;
  actor: string;
  reason: string | null;
  relatedPerson: string | null;
  changes: Changes;
}

/** What every change carries (ARCHITECTURE §6: actor, legal basis; the reason when the law asks for one). */
export interface ChangeMeta {
  effectiveDate: CivilDate;
  legalBasis: string;
  reason?: string;
  /** The `version` the officer saw; a different current version is a concurrent change. */
  expectedVersion?: number;
}
