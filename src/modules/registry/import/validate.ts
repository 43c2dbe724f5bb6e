import type { CivilDate } from '../../../platform/calendar/index.ts';
import { normalizeName, searchKey } from '../../../platform/text.ts';
import { errors } from '../errors.ts';
import type { Attributes } from '../inputs.ts';
import type { Place } from '../jurisdiction.ts';
import { civilDate, dateParts, earliestDay } from '../partial-date.ts';
import { checkPersonalIdAgainst, parsePersonalId, type Sex } from '../personal-id.ts';
import type { Address, IdCard, MaritalStatus } from '../types.ts';
import type { CommuneLookup } from './communes.ts';
import { type CsvRow, OTHER_NAMES_SEPARATOR } from './csv-format.ts';
import { importReason, type Reason, reasonOf } from './reasons.ts';

/** A row that passed every check: the person's attributes in clear, normalised (NFC), not yet sealed. */
export interface ImportPerson {
  line: number;
  personalId: string;
  householdNumber: string;
  relationToHead: string;
  attributes: Attributes;
  /** The 2025 jurisdiction of the current address, and of the permanent one (the household's address). */
  place: Place;
  permanentPlace: Place | null;
  /** Attributes the row left empty: it states nothing about them, so a registered person is not compared on them. */
  unstated: Unstated[];
}

export type Unstated = 'maritalStatus' | 'ethnicity' | 'religion';

export type Validated = { ok: true; person: ImportPerson } | { ok: false; reasons: Reason[] };

const SEXES: Record<string, Sex> = { male: 'male', female: 'female', nam: 'male', nữ: 'female' };
/** Marital status by its tone-insensitive key (Marriage and Family Law 2014 terms). */
const MARITAL: Record<string, MaritalStatus> = {
  single: 'single',
  married: 'married',
  divorced: 'divorced',
  widowed: 'widowed',
  'doc than': 'single',
  'da ket hon': 'married',
  'ket hon': 'married',
  'da ly hon': 'divorced',
  'ly hon': 'divorced',
  goa: 'widowed',
  'goa vo': 'widowed',
  'goa chong': 'widowed',
};
export const MARITAL_TEXT: Record<MaritalStatus, string> = {
  single: 'độc thân',
  married: 'đã kết hôn',
  divorced: 'đã ly hôn',
  widowed: 'góa',
};
const VERSIONS = new Set(['2025', 'pre2025']);
const COMMUNE = /^\d{5}$/;

/**
 * Checks a row and collects every reason it fails (not only the first), with the registry's own rules:
 * personal ID format, prefix and century × sex / year digits against the row (DOMAIN §2), names in NFC
 * and non-empty, possible dates not in the future, communes that exist in their stated version (§1).
 * An empty (or absent) marital status leaves a new person `single`.
 */
export async function validateRow(
  row: CsvRow,
  line: number,
  context: { communes: CommuneLookup; today: CivilDate },
): Promise<Validated> {
  const reasons: Reason[] = [];
  const attempt = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      reasons.push(reasonOf(error));
      return undefined;
    }
  };
  const requiredText = (column: keyof CsvRow): string | undefined => {
    const value = normalizeName(row[column]);
    if (!value)
      reasons.push(
        importReason('required', { vi: `Cột ${column} để trống.`, en: `The column ${column} is empty.` }),
      );
    return value || undefined;
  };
  const optionalText = (column: keyof CsvRow) => normalizeName(row[column]) || null;
  const { today } = context;

  const fullName = attempt(() => {
    const name = normalizeName(row.full_name);
    if (!name) throw errors.invalid_name({ vi: 'Họ tên để trống.', en: 'The full name is empty.' });
    return name;
  });
  const otherNames = row.other_names ? row.other_names.split(OTHER_NAMES_SEPARATOR).map(normalizeName) : [];
  if (otherNames.includes(''))
    reasons.push(
      reasonOf(errors.invalid_name({ vi: 'Có tên gọi khác để trống.', en: 'An other name is empty.' })),
    );
  const birthDate = attempt(() => {
    dateParts(row.birth_date);
    if (earliestDay(row.birth_date) > today)
      throw errors.date_in_future({
        vi: `Ngày sinh ${row.birth_date} ở sau ngày hôm nay.`,
        en: `Born ${row.birth_date}: after today.`,
      });
    return row.birth_date;
  });
  const sex = SEXES[normalizeName(row.sex).toLowerCase()];
  if (!sex)
    reasons.push(
      importReason('invalid_sex', {
        vi: `"${row.sex}" không phải Nam, Nữ, male hoặc female.`,
        en: `"${row.sex}" is not male, female, Nam or Nữ.`,
      }),
    );
  attempt(() =>
    sex && birthDate
      ? checkPersonalIdAgainst(row.personal_id, { sex, birthDate })
      : parsePersonalId(row.personal_id),
  );
  const maritalStatus = row.marital_status ? MARITAL[searchKey(row.marital_status)] : 'single';
  if (!maritalStatus) {
    reasons.push(
      importReason('invalid_marital_status', {
        vi: `"${row.marital_status}" không phải độc thân, đã kết hôn, đã ly hôn, góa (hoặc single, married, divorced, widowed).`,
        en: `"${row.marital_status}" is not single, married, divorced, widowed, độc thân, đã kết hôn, đã ly hôn or góa.`,
      }),
    );
  }
  const nationality = requiredText('nationality');
  const householdNumber = requiredText('household_number');
  const relationToHead = requiredText('relation_to_head');
  const current = await address(row, 'current', true, context.communes, reasons);
  const permanent = await address(row, 'permanent', false, context.communes, reasons);
  const idCard = attempt(() => card(row, today));

  if (reasons.length > 0) return { ok: false, reasons };
  return {
    ok: true,
    person: {
      line,
      personalId: row.personal_id,
      householdNumber: householdNumber as string,
      relationToHead: relationToHead as string,
      attributes: {
        fullName: fullName as string,
        otherNames,
        birthDate: birthDate as string,
        sex: sex as Sex,
        ethnicity: optionalText('ethnicity'),
        religion: optionalText('religion'),
        nationality: nationality as string,
        placeOfBirth: optionalText('place_of_birth'),
        birthRegistrationPlace: null,
        hometown: null,
        permanentAddress: permanent?.address ?? null,
        temporaryAddress: null,
        currentAddress: current?.address as Address,
        lifeStatus: 'alive',
        deathDate: null,
        maritalStatus: maritalStatus as MaritalStatus,
        idCard: idCard ?? null,
      },
      place: current?.place as Place,
      permanentPlace: permanent?.place ?? null,
      unstated: (
        [
          ['maritalStatus', row.marital_status],
          ['ethnicity', row.ethnicity],
          ['religion', row.religion],
        ] as const
      ).flatMap(([key, value]) => (normalizeName(value) ? [] : [key])),
    },
  };
}

async function address(
  row: CsvRow,
  prefix: 'current' | 'permanent',
  required: boolean,
  communes: CommuneLookup,
  reasons: Reason[],
): Promise<{ address: Address; place: Place } | undefined> {
  const version = row[`${prefix}_version`];
  const commune = row[`${prefix}_commune`];
  const street = normalizeName(row[`${prefix}_street`]) || null;
  if (!version && !commune && !street && !required) return undefined;
  if (!VERSIONS.has(version) || !COMMUNE.test(commune)) {
    const which = prefix === 'current' ? 'Nơi ở hiện tại' : 'Nơi thường trú';
    reasons.push(
      importReason('invalid_address', {
        vi: `${which} cần bộ dữ liệu (2025 hoặc pre2025) và mã xã 5 chữ số, không phải "${version}" / "${commune}".`,
        en: `The ${prefix} address needs a version (2025 or pre2025) and a 5-digit commune, not "${version}" / "${commune}".`,
      }),
    );
    return undefined;
  }
  const stated = { version: version as Address['version'], commune, street };
  const place = await communes(stated);
  if (!place) {
    const error = errors.unknown_commune({
      vi: `Không có xã, phường mã ${commune} trong bộ dữ liệu ${version} (${prefix === 'current' ? 'nơi ở hiện tại' : 'nơi thường trú'}).`,
      en: `No commune ${commune} in the ${version} dataset (${prefix} address).`,
    });
    reasons.push(reasonOf(error));
    return undefined;
  }
  return { address: stated, place };
}

/** The identity card, when any of its columns is given (Law on Identification 2023). */
function card(row: CsvRow, today: string): IdCard | undefined {
  const { id_card_issued_on: issued, id_card_expires_on: expires } = row;
  const authority = normalizeName(row.id_card_authority);
  if (!issued && !expires && !authority) return undefined;
  if (!issued || !authority)
    throw errors.invalid_date({
      vi: 'Thẻ căn cước cần có ngày cấp và nơi cấp.',
      en: 'An identity card needs its issue date and issuing authority.',
    });
  const issuedOn = civilDate(issued);
  if (issuedOn > today)
    throw errors.date_in_future({
      vi: `Ngày cấp thẻ ${issuedOn} ở sau ngày hôm nay.`,
      en: `The card was issued ${issuedOn}: after today.`,
    });
  const expiresOn = expires ? civilDate(expires) : null;
  if (expiresOn !== null && expiresOn <= issuedOn)
    throw errors.invalid_date({
      vi: `Thẻ hết hạn ngày ${expiresOn}, không sau ngày cấp ${issuedOn}.`,
      en: `The card expires ${expiresOn}, not after its issue ${issuedOn}.`,
    });
  return { issuedOn, expiresOn, authority };
}
