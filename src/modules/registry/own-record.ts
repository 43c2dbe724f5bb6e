import type { Platform } from '../../platform/context.ts';
import { findCommune } from '../reference/index.ts';
import { sealContext } from './inputs.ts';
import { readResidentRecord } from './store.ts';
import type { Address } from './types.ts';

/**
 * A person's own record, as the values an application form may be pre-filled with ("people do not have to
 * declare their personal information again"). For the person themself, signed in with e-ID: the read is
 * audited as their own access (actor `account:<id>`, subject their personal ID), so it shows in "who looked
 * at my data" as the person; or for a one-stop officer filing at the counter for the person standing there
 * with their ID card (actor `officer:<id>`, Decree 118/2025 Art. 10: a dossier may be lodged anywhere in
 * the province, so no commune scope). Addresses come as one line of text (street, commune, province). Undefined for a
 * personal ID the registry does not hold or a deceased person.
 */
export interface OwnRecord {
  personalId: string;
  fullName: string;
  birthDate: string;
  sex: 'male' | 'female';
  nationality: string;
  ethnicity: string | null;
  maritalStatus: string;
  permanentAddress: string | null;
  currentAddress: string | null;
  hometown: string | null;
  /** The commune (2025 code) of the current address, e.g. to choose where to file. */
  currentCommune: string | null;
}

export async function ownRecordForPrefill(
  platform: Platform,
  personalId: string,
  access: { actor: `account:${string}` | `officer:${string}`; purpose: string; requestId?: string },
): Promise<OwnRecord | undefined> {
  const found = await readResidentRecord(platform.pool, personalId);
  if (!found || found.state.lifeStatus === 'deceased') return undefined;
  const s = found.state;
  const line = async (a: Address | null) => {
    if (!a) return null;
    const unit = await findCommune(platform.db, a.commune, a.version);
    return [a.street, unit?.fullName, unit?.provinceName].filter(Boolean).join(', ');
  };
  const record: OwnRecord = {
    personalId,
    fullName: s.fullName,
    birthDate: s.birthDate,
    sex: s.sex,
    nationality: s.nationality,
    // The person may read their own sensitive fields (Law 91/2025/QH15 Art. 4: the data subject's right).
    ethnicity:
      s.ethnicity === null
        ? null
        : platform.sealer.openText(s.ethnicity, sealContext(personalId, 'ethnicity')),
    maritalStatus: s.maritalStatus,
    permanentAddress: await line(s.permanentAddress),
    currentAddress: await line(s.currentAddress),
    hometown: await line(s.hometown),
    currentCommune: s.currentAddress.version === '2025' ? s.currentAddress.commune : found.place.commune,
  };
  await platform.audit.record(platform.db, {
    actor: access.actor,
    action: 'registry.resident.own_prefill',
    subjectPerson: personalId,
    purpose: access.purpose,
    requestId: access.requestId ?? null,
  });
  return record;
}
