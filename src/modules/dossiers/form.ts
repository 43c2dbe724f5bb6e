import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FieldError } from '../../platform/errors.ts';
import { fieldErrors } from '../../platform/http/problem.ts';
import type { OwnRecord } from '../registry/index.ts';

/**
 * Application forms are JSON Schema 2020-12 documents from the procedure catalogue. Fields marked
 * `x-prefill` take their value from the registry (the person's own record) or e-ID: they are filled when
 * the draft is made and kept as the registry says — the citizen confirms them, never re-declares them
 * (Resolution/Project 06: "people do not have to declare their personal information again").
 */
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
// Compiled once per procedure version: a version never changes once published.
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

export function validateForm(
  versionId: string,
  schema: Record<string, unknown>,
  data: unknown,
): FieldError[] {
  let validate = compiled.get(versionId);
  if (!validate) {
    const { $schema: _s, $id: _i, ...rest } = schema;
    validate = ajv.compile(rest);
    if (compiled.size > 500) compiled.clear();
    compiled.set(versionId, validate);
  }
  if (validate(data)) return [];
  return fieldErrors(validate.errors ?? [], '/body/data');
}

const SEX = { male: 'Nam', female: 'Nữ' } as const;
const MARITAL: Record<string, string> = {
  single: 'Chưa kết hôn',
  married: 'Đang có vợ/chồng',
  divorced: 'Đã ly hôn',
  widowed: 'Vợ/chồng đã chết',
};

/** The value of one prefill source for this person, as the form expects it (Vietnamese labels). */
function sourceValue(source: string, record: OwnRecord, phone: string | null): string | null {
  switch (source) {
    case 'registry.fullName':
      return record.fullName;
    case 'registry.birthDate':
      return record.birthDate;
    case 'registry.sex':
      return SEX[record.sex];
    case 'registry.personalId':
      return record.personalId;
    case 'registry.permanentAddress':
      return record.permanentAddress;
    case 'registry.currentAddress':
      return record.currentAddress;
    case 'registry.hometown':
      return record.hometown;
    case 'registry.nationality':
      return record.nationality;
    case 'registry.ethnicity':
      return record.ethnicity;
    case 'registry.maritalStatus':
      return MARITAL[record.maritalStatus] ?? record.maritalStatus;
    case 'identity.phone':
      return phone ? phone.replace(/^\+84/, '0') : null;
    default:
      return null;
  }
}

export interface Prefill {
  /** Field → value, only for fields whose source has a value. */
  values: Record<string, string>;
  /** Field → source, for the same fields. */
  sources: Record<string, string>;
}

/** Resolves every top-level `x-prefill` of the form for the person. */
export function prefill(schema: Record<string, unknown>, record: OwnRecord, phone: string | null): Prefill {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const values: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const [field, spec] of Object.entries(properties)) {
    const source = spec?.['x-prefill'];
    if (typeof source !== 'string') continue;
    let value = sourceValue(source, record, phone);
    // A partial birth date (year or month only) cannot fill a date field: the citizen enters it.
    if (value !== null && spec.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) value = null;
    if (value !== null && Array.isArray(spec.enum) && !spec.enum.includes(value)) value = null;
    if (value === null || value === '') continue;
    values[field] = value;
    sources[field] = source;
  }
  return { values, sources };
}

/** The citizen's data with the prefilled fields put back as the registry says (they confirm, not re-declare). */
export function keepPrefilled(data: Record<string, unknown>, prefilled: Record<string, string>) {
  return { ...data, ...prefilled };
}
