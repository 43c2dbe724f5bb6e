import type { Problem } from '../../api.ts';

// Shapes of /api/v1/session and /api/v1/registry/* responses.

export interface Jurisdiction {
  level: 'commune' | 'province';
  code: string;
  name: string;
}

export interface Officer {
  id: string;
  name: string;
  roles: string[];
  jurisdiction: Jurisdiction;
}

export type AddressVersion = '2025' | 'pre2025';

export interface Address {
  version: AddressVersion;
  commune: string;
  street: string | null;
}

export type Sex = 'male' | 'female';
export type LifeStatus = 'alive' | 'deceased' | 'missing';
export type MaritalStatus = 'single' | 'married' | 'divorced' | 'widowed';

export interface Summary {
  personalId: string;
  fullName: string;
  birthDate: string;
  sex: Sex;
  currentAddress: Address;
  lifeStatus: LifeStatus;
}

export interface FamilyLink {
  personalId: string;
  /** Null when the relative is outside the officer's jurisdiction. */
  fullName?: string | null;
  lifeStatus?: LifeStatus | null;
  kind: 'parent' | 'child' | 'spouse';
  from: string | null;
  to: string | null;
}

export interface Resident extends Summary {
  otherNames: string[];
  birthDatePrecision: 'year' | 'month' | 'day';
  ethnicity?: string | null;
  religion?: string | null;
  nationality: string;
  placeOfBirth: string | null;
  birthRegistrationPlace: Address | null;
  hometown: Address | null;
  permanentAddress: Address | null;
  temporaryAddress: Address | null;
  deathDate: string | null;
  maritalStatus: MaritalStatus;
  idCard: { issuedOn: string; expiresOn: string | null; authority: string } | null;
  householdId: string | null;
  /** The household's number (what the household page takes); householdId is internal. */
  householdNumber?: string | null;
  /** Absent on an as-of view: only the current record can be changed. */
  version?: number;
  family?: FamilyLink[];
}

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

export interface RegistryEvent {
  id: string;
  type: string;
  effectiveDate: string;
  recordedAt: string;
  legalBasis: string;
  reason: string | null;
  actor: string;
  /** The officer's display name, for officer actors. */
  actorName?: string | null;
  relatedPerson: string | null;
  changed: string[];
  changes: Record<string, unknown>;
}

export interface Household {
  id?: string;
  householdNumber: string;
  /** Set when the household was merged into another. */
  dissolvedOn?: string | null;
  /** The contract says `head`; the server sends `headPersonalId`: both are read. */
  head?: string;
  headPersonalId?: string;
  address: Address;
  members: (Summary & { relationToHead: string; since?: string | null })[];
}

/** Answer of POST /api/v1/registry/imports. */
export interface ImportReport {
  fileName: string;
  rows: number;
  imported: number;
  unchanged: number;
  rejectedRows: number;
  rejected: {
    line: number;
    personalId: string;
    reasons: { code: string; title: string; detail: string }[];
  }[];
}

export interface Items<T> {
  items: T[];
}

export const REGISTRY = '/api/v1/registry';
export const SESSION = '/api/v1/session';

/** A 12-digit personal identification number (DOMAIN §2); the full check is the server's. */
export const PERSONAL_ID = /^\d{12}$/;

/** Path with query parameters, leaving out empty ones. */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export { postJson } from '../../api.ts';

export interface FieldProblem {
  pointer: string;
  detail: string;
}

/** Field errors of a problem, keyed by the last segment of their JSON pointer (`/body/effectiveDate` → `effectiveDate`). */
export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!problem || !Array.isArray(problem.errors)) return out;
  for (const entry of problem.errors as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { pointer, detail } = entry as Partial<FieldProblem>;
    if (typeof pointer !== 'string') continue;
    // "/body/changes/fullName" → "fullName"; "/body/currentAddress/commune" → "currentAddress"
    const parts = pointer.split('/').filter(Boolean);
    const body = parts[0] === 'body' ? parts.slice(1) : parts;
    const key = body[0] === 'changes' ? body[1] : body[0];
    if (key && !(key in out)) out[key] = typeof detail === 'string' ? detail : '';
  }
  return out;
}

/** Resident attributes with a translated label (timeline "changed" lists, confirmation summaries). */
export const FIELD_NAMES = [
  'personalId',
  'fullName',
  'otherNames',
  'birthDate',
  'sex',
  'ethnicity',
  'religion',
  'nationality',
  'placeOfBirth',
  'birthRegistrationPlace',
  'hometown',
  'permanentAddress',
  'temporaryAddress',
  'currentAddress',
  'lifeStatus',
  'deathDate',
  'maritalStatus',
  'idCard',
  'householdId',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];
