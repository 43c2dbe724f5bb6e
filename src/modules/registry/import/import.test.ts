import { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../../test/platform.ts';
import { nameSearchSettled } from '../fixtures.ts';
import { project } from '../history.ts';
import { generateHouseholds } from '../population/generate.ts';
import { createStore } from '../store.ts';
import { type FileRow, fileRowsOf, fileText } from './csv-files.ts';
import { ADDED_COLUMNS, CSV_COLUMNS, HEAD_RELATION } from './csv-format.ts';
import { ImportFileError, importResidents } from './import.ts';

let t: TestPlatform;
const households = [...generateHouseholds({ count: 2_000, seed: 9, province: '38' })];

const count = async (table: string, where = sql`true`) =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(t.db))
      .rows[0]?.n,
  );
const tables = [
  'registry.resident',
  'registry.resident_event',
  'registry.household',
  'registry.household_member',
];
/** The database fails ("disk full") when the person is inserted, until the trigger is dropped. */
const failOnInsertOf = (db: Kysely<unknown>, personalId: string) =>
  sql
    .raw(`
    create function test_fail() returns trigger language plpgsql as $$
      begin
        if new.personal_id = '${personalId}' then raise exception 'disk full'; end if;
        return new;
      end $$;
    create trigger test_fail before insert on registry.resident for each row execute function test_fail();`)
    .execute(db);
const counts = async () =>
  Object.fromEntries(await Promise.all(tables.map(async (n) => [n, await count(n)])));
const run = (text: string, batchSize = 300) =>
  importResidents(t, Readable.from([text]), { fileName: 'dan-cu.csv', batchSize });

/** A rejection as the report gives it, without the translated titles. */
const brief = (r: { line: number; personalId: string; reasons: { code: string; detail: string }[] }) => ({
  line: r.line,
  personalId: r.personalId,
  reasons: r.reasons.map(({ code, detail }) => ({ code, detail })),
});

/**
 * Faults planted in the file, one per household, with the exact reasons the report must give. `household`
 * faults make every row of the household fail with the same reason; the others fail their own row and
 * sink the rest of the household with a pointer to it.
 */
type Fault = {
  plant: (row: FileRow, rows: FileRow[]) => void;
  reasons: (row: FileRow) => { code: string; detail: string }[];
  household?: boolean;
};
const FAULTS: Fault[] = [
  {
    plant: (r) => {
      r.personal_id = r.personal_id.slice(1);
    },
    reasons: () => [{ code: 'registry.invalid_personal_id', detail: 'A personal ID is exactly 12 digits.' }],
  },
  {
    plant: (r) => {
      r.birth_date = '1990-02-31';
    },
    reasons: () => [
      { code: 'registry.invalid_date', detail: '"1990-02-31" is not a date (YYYY, YYYY-MM or YYYY-MM-DD).' },
    ],
  },
  {
    plant: (r) => {
      r.current_commune = '99999';
    },
    reasons: (r) => [
      {
        code: 'registry.unknown_commune',
        detail: `No commune 99999 in the ${r.current_version} dataset (current address).`,
      },
    ],
  },
  {
    plant: (r) => {
      r.sex = 'x';
    },
    reasons: () => [{ code: 'registry.import.invalid_sex', detail: '"x" is not male, female, Nam or Nữ.' }],
  },
  {
    plant: (r) => {
      r.full_name = '  ';
    },
    reasons: () => [{ code: 'registry.invalid_name', detail: 'The full name is empty.' }],
  },
  {
    plant: (r) => {
      r.marital_status = 'kết hôn rồi';
    },
    reasons: () => [
      {
        code: 'registry.import.invalid_marital_status',
        detail:
          '"kết hôn rồi" is not single, married, divorced, widowed, độc thân, đã kết hôn, đã ly hôn or góa.',
      },
    ],
  },
  {
    plant: (r) => {
      r.sex = r.sex === 'Nam' ? 'Nữ' : 'Nam';
    },
    reasons: (r) => [
      {
        code: 'registry.id_sex_mismatch',
        detail: `Personal ID ${r.personal_id} is that of a ${r.sex === 'Nam' ? 'female' : 'male'}, the record says ${r.sex === 'Nam' ? 'male' : 'female'}.`,
      },
    ],
  },
  {
    // The same person as the file's first row (in a household that imports): the later line is refused.
    plant: (r, rows) => {
      const first = rows[0] as FileRow;
      Object.assign(r, {
        personal_id: first.personal_id,
        full_name: first.full_name,
        birth_date: first.birth_date,
        sex: first.sex,
      });
    },
    reasons: () => [{ code: 'registry.import.duplicate_personal_id', detail: 'Same personal ID as line 2.' }],
  },
  {
    plant: (r) => {
      r.birth_date = '2030-01-01';
    },
    reasons: () => [{ code: 'registry.date_in_future', detail: 'Born 2030-01-01: after today.' }],
  },
  {
    plant: (r) => {
      r.personal_id = `999${r.personal_id.slice(3)}`;
    },
    reasons: () => [
      { code: 'registry.unknown_id_province', detail: 'No province has the personal-ID prefix 999.' },
    ],
  },
  {
    plant: (r) => {
      r.id_card_issued_on = '2024-01-02';
      r.id_card_authority = '';
    },
    reasons: () => [
      {
        code: 'registry.invalid_date',
        detail: 'An identity card needs its issue date and issuing authority.',
      },
    ],
  },
  {
    plant: (r) => {
      r.nationality = '';
    },
    reasons: () => [{ code: 'registry.import.required', detail: 'The column nationality is empty.' }],
  },
  {
    // Several faults in one row: every reason is reported, in the order of the columns.
    plant: (r) => {
      r.full_name = '';
      r.sex = 'unknown';
    },
    reasons: () => [
      { code: 'registry.invalid_name', detail: 'The full name is empty.' },
      { code: 'registry.import.invalid_sex', detail: '"unknown" is not male, female, Nam or Nữ.' },
    ],
  },
  {
    // A second head in the household: every row is valid, the household is not.
    plant: (r) => {
      r.relation_to_head = HEAD_RELATION;
    },
    reasons: (r) => [
      {
        code: 'registry.import.household_head',
        detail: `Household ${r.household_number} has 2 rows "${HEAD_RELATION}".`,
      },
    ],
    household: true,
  },
];

/** The file with ~1 % of its rows faulty (one per household, never the first household) and the exact report. */
function faultyFile() {
  const rows = fileRowsOf(households);
  const expected: ReturnType<typeof brief>[] = [];
  const used = new Set<string>([rows[0]?.household_number as string]);
  const planted: number[] = [];
  let i = 40;
  for (let k = 0; planted.length < Math.round(rows.length / 100); k++) {
    const fault = FAULTS[k % FAULTS.length] as Fault;
    // The next row of an untouched household with at least two members, that is not its head (a second
    // head must be added to a member; a faulty member sinks the others with a pointer to it).
    while (
      used.has(rows[i]?.household_number as string) ||
      rows[i]?.relation_to_head === HEAD_RELATION ||
      rows.filter((r) => r.household_number === rows[i]?.household_number).length < 2
    )
      i++;
    const row = rows[i] as FileRow;
    used.add(row.household_number);
    fault.plant(row, rows);
    planted.push(i);
    const line = i + 2;
    rows.forEach((other, j) => {
      if (other.household_number !== row.household_number) return;
      const reasons = fault.household
        ? fault.reasons(row)
        : j === i
          ? fault.reasons(row)
          : [
              {
                code: 'registry.import.household_rejected',
                detail: `Household rejected because line ${line} is invalid.`,
              },
            ];
      expected.push({ line: j + 2, personalId: other.personal_id, reasons });
    });
    i += Math.floor(rows.length / 25);
  }
  expected.sort((a, b) => a.line - b.line);
  return { rows, expected, planted };
}

const schemaSize = async () => {
  const indexes = await sql<{ n: number }>`
    select count(*)::int as n from pg_indexes where schemaname = 'registry'`.execute(t.db);
  const keys = await sql<{ n: number }>`
    select count(*)::int as n from pg_constraint
     where connamespace = 'registry'::regnamespace and contype in ('p', 'u', 'f')`.execute(t.db);
  return [indexes.rows[0]?.n, keys.rows[0]?.n];
};
let schemaBefore: (number | undefined)[];
beforeAll(async () => {
  t = await createTestPlatform({ clock: fixedClock('2026-03-02T03:00:00Z') });
  // The first import (into this empty registry) is a bulk load that drops and rebuilds indexes and keys.
  schemaBefore = await schemaSize();
});
afterAll(() => t.close());

describe('importResidents', () => {
  it('reports every bad row exactly, keeps bad households out whole, and changes nothing the second time', async () => {
    const { rows, expected, planted } = faultyFile();
    expect(planted.length).toBe(20); // 1 % of 2,000 rows
    const text = fileText(rows);
    const first = await run(text);

    expect(first.rows).toBe(rows.length);
    expect(first.rejected.map(brief)).toEqual(expected);
    expect(first.imported).toBe(rows.length - expected.length);
    expect(first.unchanged).toBe(0);

    // No partial record: no row of a rejected household is anywhere, every accepted household is whole.
    const rejectedHouseholds = [
      ...new Set(expected.map((e) => rows[e.line - 2]?.household_number as string)),
    ];
    const rejectedIds = expected.map((e) => e.personalId).filter((id) => id !== rows[0]?.personal_id);
    expect(await count('registry.household', sql`household_number = any(${rejectedHouseholds})`)).toBe(0);
    expect(await count('registry.resident', sql`personal_id = any(${rejectedIds})`)).toBe(0);
    expect(await count('registry.resident_event', sql`personal_id = any(${rejectedIds})`)).toBe(0);
    expect(await count('registry.household_member', sql`personal_id = any(${rejectedIds})`)).toBe(0);
    const accepted = new Map<string, number>();
    for (const row of rows)
      if (!rejectedHouseholds.includes(row.household_number))
        accepted.set(row.household_number, (accepted.get(row.household_number) ?? 0) + 1);
    const stored = await sql<{ household_number: string; members: string }>`
      select h.household_number, count(m.id) as members from registry.household h
        join registry.household_member m on m.household_id = h.id and m.to_date is null
       group by h.household_number`.execute(t.db);
    expect(new Map(stored.rows.map((r) => [r.household_number, Number(r.members)]))).toEqual(accepted);
    expect(await counts()).toEqual({
      'registry.resident': first.imported,
      'registry.resident_event': first.imported,
      'registry.household': accepted.size,
      'registry.household_member': first.imported,
    });

    // Each stored row is what its history folds to, marital status included.
    const store = createStore(t.db);
    for (const row of rows.slice(0, 40)) {
      const resident = await store.resident(row.personal_id);
      if (!resident) continue;
      expect(project(await store.events(row.personal_id))).toEqual(resident.state);
      const member = households.flatMap((h) => h.members).find((m) => m.personalId === row.personal_id);
      expect(resident.state.maritalStatus).toBe(member?.maritalStatus);
    }

    // The bulk load rebuilt every index and key, and the name-search vocabulary knows every word.
    expect(await schemaSize()).toEqual(schemaBefore);
    const unknownWords = await sql<{ n: string }>`
      select count(*) as n from registry.resident, unnest(string_to_array(search_key, ' ')) as w
       where not exists (select 1 from registry.name_word where word = w)`.execute(t.db);
    expect(Number(unknownWords.rows[0]?.n)).toBe(0);

    const before = await counts();
    const second = await run(text);
    expect(second.imported).toBe(0);
    expect(second.unchanged).toBe(first.imported);
    expect(second.rejected.map(brief)).toEqual(expected);
    expect(await counts()).toEqual(before);
  });

  it('into a registry that holds people: writes new households, refuses to overwrite anyone', async () => {
    const before = await count('registry.resident');
    const fresh = fileRowsOf([...generateHouseholds({ count: 300, seed: 10, province: '38' })]);
    const someone = fileRowsOf(households.slice(0, 1))[0] as FileRow;
    const changed = { ...someone, full_name: 'Tên Đã Đổi' };
    const result = await run(fileText([...fresh, changed]));
    expect(result.imported).toBe(fresh.length);
    expect(result.rejected.map((r) => r.reasons[0]?.code)).toEqual([
      'registry.import.exists_with_different_data',
    ]);
    expect(await count('registry.resident')).toBe(before + fresh.length);
    expect(await schemaSize()).toEqual(schemaBefore);
    expect(await nameSearchSettled(t.db)).toEqual({ pending: 0, analysed: true });
  });

  it('rolls a batch back whole when the database fails in it, keeping the batches before it', async () => {
    const own = [...generateHouseholds({ count: 900, seed: 31, province: '38' })];
    const rows = fileRowsOf(own);
    const victim = rows[700] as FileRow;
    await failOnInsertOf(t.db, victim.personal_id);
    const before = await counts();
    await expect(run(fileText(rows), 300)).rejects.toThrow('disk full');
    const ids = rows.map((r) => r.personal_id);
    const kept = await sql<{ personal_id: string }>`
      select personal_id from registry.resident where personal_id = any(${ids})`.execute(t.db);
    const keptIds = new Set(kept.rows.map((r) => r.personal_id));
    // Whole households of the committed batches (at least 300 people each) precede the failed one.
    const cut = rows.findIndex((r) => !keptIds.has(r.personal_id));
    expect(cut).toBeGreaterThanOrEqual(300);
    expect(cut).toBeLessThanOrEqual(700);
    expect(rows.slice(0, cut).every((r) => keptIds.has(r.personal_id))).toBe(true);
    expect(keptIds.size).toBe(cut);
    expect(rows[cut]?.household_number).not.toBe(rows[cut - 1]?.household_number);
    const now = await counts();
    expect(now['registry.resident_event'] - before['registry.resident_event']).toBe(cut);
    expect(now['registry.household_member'] - before['registry.household_member']).toBe(cut);

    await sql`drop trigger test_fail on registry.resident`.execute(t.db);
    const again = await run(fileText(rows), 300);
    expect(again).toMatchObject({ imported: rows.length - cut, unchanged: cut, rejected: [] });
  });

  it('reads files without the marital_status column (older format) and compares nothing they do not state', async () => {
    const own = [...generateHouseholds({ count: 40, seed: 77, province: '38' })];
    const rows = fileRowsOf(own);
    const legacy = CSV_COLUMNS.filter((c) => !ADDED_COLUMNS.includes(c));
    const first = await run(fileText(rows, legacy));
    expect(first).toMatchObject({ rows: rows.length, imported: rows.length, rejected: [] });
    const statuses = await sql<{ marital_status: string }>`
      select distinct marital_status from registry.resident
       where personal_id = any(${rows.map((r) => r.personal_id)})`.execute(t.db);
    expect(statuses.rows).toEqual([{ marital_status: 'single' }]);

    // The full format states the real status: the registry holds `single`, so the married differ.
    const married = rows.filter((r) => r.marital_status !== 'độc thân');
    expect(married.length).toBeGreaterThan(0);
    const full = await run(fileText(rows));
    expect(full.imported).toBe(0);
    expect(
      full.rejected.filter((r) => r.reasons[0]?.code === 'registry.import.exists_with_different_data'),
    ).not.toHaveLength(0);
    expect(
      full.rejected
        .flatMap((r) => r.reasons)
        .filter((r) => r.code === 'registry.import.exists_with_different_data')
        .every((r) => r.detail.includes('maritalStatus')),
    ).toBe(true);

    // Empty ethnicity and religion (an export without the sensitive-data role) state nothing either.
    const blank = rows.map((r) => ({ ...r, ethnicity: '', religion: '' }));
    expect(await run(fileText(blank, legacy))).toMatchObject({
      imported: 0,
      unchanged: rows.length,
      rejected: [],
    });
  });

  it('refuses a header that is not the format, and a malformed CSV, as file errors with their line', async () => {
    const wrong = `${CSV_COLUMNS.filter((c) => c !== 'sex').join(',')}\n`;
    await expect(run(wrong)).rejects.toMatchObject({
      name: 'ImportFileError',
      line: 1,
      message: 'The header does not match the import format: missing sex.',
    });
    const text = `${CSV_COLUMNS.join(',')}\n"038,broken`;
    await expect(run(text)).rejects.toBeInstanceOf(ImportFileError);
  });
});

describe('importResidents into an empty registry (one transaction, batches built in a worker thread)', () => {
  it('keeps nothing when the database fails in a later batch, and imports the whole file once it can', async () => {
    const b = await createTestPlatform({ clock: fixedClock('2026-03-02T03:00:00Z') });
    try {
      const rows = fileRowsOf([...generateHouseholds({ count: 900, seed: 41, province: '38' })]);
      const victim = rows[700] as FileRow;
      await failOnInsertOf(b.db, victim.personal_id);
      // Each batch's events load slowly, so the next batch is built before the previous one's COPYs end:
      // its statements must wait for them (one connection), and the error told is the victim's, not the
      // "transaction aborted" of a statement sent after it.
      await sql
        .raw(`
        create function test_slow() returns trigger language plpgsql as $$
          begin perform pg_sleep(0.2); return null; end $$;
        create trigger test_slow after insert on registry.resident_event
          for each statement execute function test_slow();`)
        .execute(b.db);
      const load = (batchSize: number) =>
        importResidents(b, Readable.from([fileText(rows)]), { fileName: 'dan-cu.csv', batchSize });
      await expect(load(100)).rejects.toThrow('disk full');
      await sql`drop trigger test_slow on registry.resident_event`.execute(b.db);
      const residents = await sql<{ n: number }>`select count(*)::int as n from registry.resident`.execute(
        b.db,
      );
      expect(residents.rows[0]?.n).toBe(0);

      await sql`drop trigger test_fail on registry.resident`.execute(b.db);
      expect(await load(100)).toMatchObject({ imported: rows.length, unchanged: 0, rejected: [] });
      // The rows of every batch are there once, with their events, and the keys came back with the load.
      const store = createStore(b.db);
      const last = rows[rows.length - 1] as FileRow;
      const resident = await store.resident(last.personal_id);
      expect(resident?.state.fullName).toBe(last.full_name);
      expect(project(await store.events(last.personal_id))).toEqual(resident?.state);
      const events = await sql<{ n: number }>`select count(*)::int as n from registry.resident_event`.execute(
        b.db,
      );
      expect(events.rows[0]?.n).toBe(rows.length);
      await expect(
        sql`insert into registry.resident (personal_id) values (${last.personal_id})`.execute(b.db),
      ).rejects.toThrow();
    } finally {
      await b.close();
    }
  });
});
