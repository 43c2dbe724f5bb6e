import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../../test/platform.ts';
import { project } from '../history.ts';
import { generateHouseholds } from '../population/generate.ts';
import { createStore } from '../store.ts';
import { CSV_COLUMNS } from './csv-format.ts';
import { ImportFileError, importResidents } from './import.ts';

let t: TestPlatform;
const households = [...generateHouseholds({ count: 1_000, seed: 9, province: '38' })];

const field = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
type Synthetic = (typeof households)[number];
const rowOf = (h: Synthetic, m: Synthetic['members'][number]): Record<string, string> => ({
  personal_id: m.personalId,
  full_name: m.fullName,
  other_names: '',
  birth_date: m.birthDate,
  sex: m.sex === 'male' ? 'Nam' : 'Nữ',
  ethnicity: m.ethnicity,
  religion: m.religion,
  nationality: 'Việt Nam',
  place_of_birth: m.placeOfBirth,
  current_version: h.address.version,
  current_commune: h.address.commune,
  current_street: h.address.street ?? '',
  permanent_version: h.address.version,
  permanent_commune: h.address.commune,
  permanent_street: h.address.street ?? '',
  household_number: h.householdNumber,
  relation_to_head: m.relationToHead === 'head' ? 'chủ hộ' : m.relationToHead,
  id_card_issued_on: m.idCard?.issuedOn ?? '',
  id_card_expires_on: m.idCard?.expiresOn ?? '',
  id_card_authority: m.idCard?.authority ?? '',
});
const rowsOf = () => households.flatMap((h) => h.members.map((m) => rowOf(h, m)));
const csv = (rows: Record<string, string>[]) =>
  [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => field(r[c] ?? '')).join(','))].join('\n');
const count = async (table: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);
const run = (text: string) =>
  importResidents(t, Readable.from([text]), { fileName: 'dan-cu.csv', batchSize: 300 });

let schemaSize: (number | undefined)[];
beforeAll(async () => {
  t = await createTestPlatform({ clock: fixedClock('2026-03-02T03:00:00Z') });
  // The bulk import (into this empty registry) rebuilds every index and key it drops.
  const indexes = await sql<{ n: number }>`
    select count(*)::int as n from pg_indexes where schemaname = 'registry'`.execute(t.db);
  const keys = await sql<{ n: number }>`
    select count(*)::int as n from pg_constraint where connamespace = 'registry'::regnamespace and contype in ('p', 'u', 'f')`.execute(
    t.db,
  );
  schemaSize = [indexes.rows[0]?.n, keys.rows[0]?.n];
});
afterAll(() => t.close());

describe('importResidents', () => {
  it('reports every bad row exactly, keeps bad households out, and changes nothing the second time', async () => {
    const rows = rowsOf();
    const lineOf = (i: number) => i + 2;
    const bad = [10, 200, 480, 700, 901];
    const r = rows as Record<string, string>[];
    (r[10] as Record<string, string>).personal_id = '99919900012';
    (r[200] as Record<string, string>).birth_date = '1990-02-31';
    (r[480] as Record<string, string>).current_commune = '99999';
    (r[700] as Record<string, string>).sex = 'x';
    (r[901] as Record<string, string>).full_name = '  ';
    const text = csv(r);
    const first = await run(text);
    const badLines = new Set(bad.map(lineOf));
    const rejectedHouseholds = new Set(bad.map((i) => r[i]?.household_number));
    const rejectedRows = r.filter((row) => rejectedHouseholds.has(row.household_number));
    expect(first.rows).toBe(r.length);
    expect(first.rejected).toHaveLength(rejectedRows.length);
    for (const rejection of first.rejected) {
      if (badLines.has(rejection.line))
        expect(rejection.reasons[0]?.code).not.toBe('registry.import.household_rejected');
      else expect(rejection.reasons[0]?.code).toBe('registry.import.household_rejected');
    }
    expect(first.rejected.find((x) => x.line === lineOf(10))?.reasons.map((x) => x.code)).toEqual([
      'registry.invalid_personal_id',
    ]);
    expect(first.rejected.find((x) => x.line === lineOf(200))?.reasons.map((x) => x.code)).toEqual([
      'registry.invalid_date',
    ]);
    expect(first.rejected.find((x) => x.line === lineOf(480))?.reasons.map((x) => x.code)).toEqual([
      'registry.unknown_commune',
    ]);
    expect(first.imported).toBe(r.length - rejectedRows.length);
    expect(await count('registry.resident')).toBe(first.imported);
    expect(await count('registry.resident_event')).toBe(first.imported);
    const store = createStore(t.db);
    for (const row of r.slice(0, 30)) {
      const stored = await store.resident(row.personal_id as string);
      if (!stored) continue;
      expect(project(await store.events(row.personal_id as string))).toEqual(stored.state);
    }

    const unknownWords = await sql<{ n: string }>`
      select count(*) as n from registry.resident, unnest(string_to_array(search_key, ' ')) as w
       where not exists (select 1 from registry.name_word where word = w)`.execute(t.db);
    expect(Number(unknownWords.rows[0]?.n)).toBe(0);

    const events = await count('registry.resident_event');
    const second = await run(text);
    expect(second.imported).toBe(0);
    expect(second.unchanged).toBe(first.imported);
    expect(await count('registry.resident_event')).toBe(events);
  });

  it('into a registry that holds people: writes new households, refuses to overwrite anyone', async () => {
    const before = await count('registry.resident');
    const others = [...generateHouseholds({ count: 300, seed: 10, province: '38' })];
    const fresh = others.flatMap((h) => h.members.map((m) => ({ ...rowOf(h, m) })));
    const changed = { ...(rowsOf()[0] as Record<string, string>), full_name: 'Tên Đã Đổi' };
    const result = await run(csv([...fresh, changed]));
    expect(result.imported).toBe(fresh.length);
    expect(result.rejected.map((r) => r.reasons[0]?.code)).toEqual([
      'registry.import.exists_with_different_data',
    ]);
    expect(await count('registry.resident')).toBe(before + fresh.length);
    const indexes = await sql<{ n: number }>`
      select count(*)::int as n from pg_indexes where schemaname = 'registry'`.execute(t.db);
    const keys = await sql<{ n: number }>`
      select count(*)::int as n from pg_constraint where connamespace = 'registry'::regnamespace and contype in ('p', 'u', 'f')`.execute(
      t.db,
    );
    expect([indexes.rows[0]?.n, keys.rows[0]?.n]).toEqual(schemaSize);
  });

  it('gives a malformed CSV as a file error with its line', async () => {
    const text = `${CSV_COLUMNS.join(',')}\n"038,broken`;
    await expect(run(text)).rejects.toBeInstanceOf(ImportFileError);
  });
});
