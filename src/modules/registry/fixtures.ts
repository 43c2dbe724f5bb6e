import { type Kysely, sql } from 'kysely';
import type { PersonInput } from './service.ts';
import type { Actor, Address, ChangeMeta } from './types.ts';

/** Test factories (ARCHITECTURE §8.8): actors of each jurisdiction and people with consistent IDs. */
export const HAM_RONG = '14758';
export const HAC_THANH = '14797';
export const at = (commune: string, street = 'Số 1 đường Lê Lợi'): Address => ({
  version: '2025',
  commune,
  street,
});

export const provinceOfficer: Actor = { id: 'p1', kind: 'officer', jurisdiction: { province: '38' } };
export const hamRongOfficer: Actor = { id: 'hr1', kind: 'officer', jurisdiction: { commune: HAM_RONG } };
export const hacThanhOfficer: Actor = { id: 'ht1', kind: 'officer', jurisdiction: { commune: HAC_THANH } };
export const sensitiveOfficer: Actor = { ...provinceOfficer, id: 'p2', roles: ['sensitive'] };

/** A valid Thanh Hóa personal ID (prefix 038) for the sex and birth year. */
export function personalId(sex: 'male' | 'female', birthDate: string, serial: number): string {
  const year = Number(birthDate.slice(0, 4));
  const g = (Math.floor(year / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
  return `038${g}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}

export function person(
  overrides: Partial<PersonInput & ChangeMeta> & { serial: number },
): PersonInput & { effectiveDate: string; legalBasis: string } {
  const { serial, ...rest } = overrides;
  const sex = rest.sex ?? 'male';
  const birthDate = rest.birthDate ?? '1990-05-17';
  return {
    personalId: personalId(sex, birthDate, serial),
    fullName: 'Nguyễn Văn Đức',
    sex,
    birthDate,
    currentAddress: at(HAM_RONG),
    effectiveDate: '2021-07-01',
    legalBasis: 'Luật Cư trú 2020',
    ...rest,
  };
}

/** The stable error code a promise rejects with. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'resolved';
}

/**
 * Whether a name search on the registry is ready at once after a load: nothing left in the search index's
 * pending list (read from its metapage with pgstattuple, as an administrator would) and the residents
 * analysed.
 */
export async function nameSearchSettled(db: Kysely<unknown>) {
  await sql`create extension if not exists pgstattuple`.execute(db);
  const { rows } = await sql<{ pending: string; analysed: boolean }>`
    select (select pending_tuples from pgstatginindex('registry.resident_search_terms')) as pending,
           (select last_analyze is not null from pg_stat_user_tables
             where schemaname = 'registry' and relname = 'resident') as analysed`.execute(db);
  return { pending: Number(rows[0]?.pending), analysed: rows[0]?.analysed };
}
