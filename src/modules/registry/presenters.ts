import type { Sealer } from '../../platform/crypto.ts';
import { SENSITIVE, type SensitiveField, sealContext } from './inputs.ts';
import { precisionOf } from './partial-date.ts';
import type { Changes, ResidentEvent, ResidentState } from './types.ts';

/**
 * Presenters whitelist what leaves the module (ARCHITECTURE §8.5). Sensitive fields leave only opened for
 * an actor allowed to see them; otherwise they are left out, never sent sealed.
 */
export type Opener = ((personalId: string, field: SensitiveField, sealed: string) => string) | undefined;

export const openerFor = (sealer: Sealer, allowed: boolean): Opener =>
  allowed
    ? (personalId, field, sealed) => sealer.openText(sealed, sealContext(personalId, field))
    : undefined;

function sensitive(personalId: string, values: Changes, open: Opener) {
  if (!open) return {};
  const out: Partial<Record<SensitiveField, string | null>> = {};
  for (const field of SENSITIVE) {
    const sealed = values[field];
    if (sealed !== undefined) out[field] = sealed === null ? null : open(personalId, field, sealed);
  }
  return out;
}

/** The minimal identifying fields: search results, household members. */
export function presentSummary(s: ResidentState) {
  return {
    personalId: s.personalId,
    fullName: s.fullName,
    birthDate: s.birthDate,
    sex: s.sex,
    currentAddress: s.currentAddress,
    lifeStatus: s.lifeStatus,
  };
}

export function presentResident(s: ResidentState, open: Opener) {
  return {
    ...presentSummary(s),
    otherNames: s.otherNames,
    birthDatePrecision: precisionOf(s.birthDate),
    ...sensitive(s.personalId, s, open),
    nationality: s.nationality,
    placeOfBirth: s.placeOfBirth,
    birthRegistrationPlace: s.birthRegistrationPlace,
    hometown: s.hometown,
    permanentAddress: s.permanentAddress,
    temporaryAddress: s.temporaryAddress,
    deathDate: s.deathDate,
    maritalStatus: s.maritalStatus,
    idCard: s.idCard,
    householdId: s.householdId,
  };
}

/** What an event changed, without sealed values (for outbox payloads and closed timelines). */
export function publicChanges(changes: Changes): Changes {
  const out = { ...changes };
  for (const field of SENSITIVE) delete out[field];
  return out;
}

export function presentEvent(e: ResidentEvent, open: Opener) {
  return {
    id: e.id,
    type: e.type,
    effectiveDate: e.effectiveDate,
    recordedAt: e.recordedAt.toISOString(),
    legalBasis: e.legalBasis,
    reason: e.reason,
    actor: e.actor,
    relatedPerson: e.relatedPerson,
    changed: Object.keys(e.changes),
    changes: { ...publicChanges(e.changes), ...sensitive(e.personalId, e.changes, open) },
  };
}
