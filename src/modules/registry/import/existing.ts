import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import type { Sealer } from '../../../platform/crypto.ts';
import { sealContext } from '../inputs.ts';
import { fromParts } from '../partial-date.ts';
import type { Address } from '../types.ts';
import type { ImportPerson } from './validate.ts';

/** What the registry already holds of a batch's people and households, read inside its transaction. */
export interface Existing {
  households: Map<string, { id: string; head: string }>;
  people: Map<string, StoredPerson>;
}

interface StoredPerson {
  householdNumber: string | null;
  fields: Record<string, unknown>;
}

export async function readExisting(
  client: pg.PoolClient,
  sealer: Sealer,
  households: string[],
  personalIds: string[],
): Promise<Existing> {
  const h = await client.query<{ id: string; household_number: string; head_personal_id: string }>(
    `select id, household_number, head_personal_id from registry.household
      where household_number = any($1::text[])`,
    [households],
  );
  const p = await client.query(
    `select r.personal_id, r.full_name, r.other_names, r.birth_year, r.birth_month, r.birth_day, r.sex,
            r.ethnicity_sealed, r.religion_sealed, r.nationality, r.place_of_birth,
            r.current_version, r.current_commune, r.current_street,
            r.permanent_version, r.permanent_commune, r.permanent_street,
            r.id_card_issued_on::text, r.id_card_expires_on::text, r.id_card_authority, r.marital_status,
            h.household_number
       from registry.resident r left join registry.household h on h.id = r.household_id
      where r.personal_id = any($1::text[])`,
    [personalIds],
  );
  const open = (sealed: string | null, id: string, field: 'ethnicity' | 'religion') =>
    sealed === null ? null : sealer.openText(sealed, sealContext(id, field));
  const address = (version: string | null, commune: string | null, street: string | null) =>
    version === null ? null : { version, commune, street };
  return {
    households: new Map(h.rows.map((r) => [r.household_number, { id: r.id, head: r.head_personal_id }])),
    people: new Map(
      p.rows.map((r) => [
        r.personal_id,
        {
          householdNumber: r.household_number,
          fields: {
            fullName: r.full_name,
            otherNames: r.other_names,
            birthDate: fromParts({ year: r.birth_year, month: r.birth_month, day: r.birth_day }),
            sex: r.sex,
            ethnicity: open(r.ethnicity_sealed, r.personal_id, 'ethnicity'),
            religion: open(r.religion_sealed, r.personal_id, 'religion'),
            nationality: r.nationality,
            maritalStatus: r.marital_status,
            placeOfBirth: r.place_of_birth,
            currentAddress: address(r.current_version, r.current_commune, r.current_street),
            permanentAddress: address(r.permanent_version, r.permanent_commune, r.permanent_street),
            idCard:
              r.id_card_issued_on === null
                ? null
                : {
                    issuedOn: r.id_card_issued_on,
                    expiresOn: r.id_card_expires_on,
                    authority: r.id_card_authority,
                  },
          },
        },
      ]),
    ),
  };
}

/**
 * The attributes in which the file's row differs from the stored person (empty: the same person). What
 * the row leaves unstated (an empty marital status, ethnicity or religion) is not compared.
 */
export function differences(stored: StoredPerson, person: ImportPerson): string[] {
  const a = person.attributes;
  const given: Record<string, unknown> = {
    fullName: a.fullName,
    otherNames: a.otherNames,
    birthDate: a.birthDate,
    sex: a.sex,
    ethnicity: a.ethnicity,
    religion: a.religion,
    nationality: a.nationality,
    maritalStatus: a.maritalStatus,
    placeOfBirth: a.placeOfBirth,
    currentAddress: a.currentAddress satisfies Address,
    permanentAddress: a.permanentAddress,
    idCard: a.idCard,
  };
  const stated = Object.keys(given).filter((key) => !(person.unstated as string[]).includes(key));
  const changed = stated.filter((key) => !isDeepStrictEqual(given[key], stored.fields[key]));
  if (stored.householdNumber !== person.householdNumber) changed.push('householdNumber');
  return changed;
}
