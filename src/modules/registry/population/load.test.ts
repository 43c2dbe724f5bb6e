import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../../test/platform.ts';
import { nameSearchSettled, provinceOfficer, sensitiveOfficer } from '../fixtures.ts';
import { project } from '../history.ts';
import { sealContext } from '../inputs.ts';
import { createRegistry } from '../service.ts';
import { createStore } from '../store.ts';
import type { Actor } from '../types.ts';
import { generateHouseholds } from './generate.ts';
import { seedResidents } from './load.ts';

let t: TestPlatform;
const purpose = 'Kiểm tra dữ liệu tổng hợp';
const COUNT = 2_000;
const households = [...generateHouseholds({ count: COUNT, seed: 5, province: '38' })];
const first = households[0]?.members[0];

const count = async (table: string) =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from ${sql.table(`registry.${table}`)}`.execute(t.db))
      .rows[0]?.n,
  );

beforeAll(async () => {
  t = await createTestPlatform({ clock: fixedClock('2026-03-02T03:00:00Z') });
  const progress: number[] = [];
  const result = await seedResidents(t, { count: COUNT, seed: 5, onProgress: (n) => progress.push(n) });
  expect(result).toEqual({ generated: COUNT, added: COUNT, skipped: 0 });
  expect(progress.at(-1)).toBe(COUNT);
}, 120_000);
afterAll(() => t.close());

describe('seedResidents', () => {
  it('writes every person with a history that folds into the current row', async () => {
    expect(await count('resident')).toBe(COUNT);
    expect(await count('resident_event')).toBe(COUNT);
    expect(await count('household_member')).toBe(COUNT);
    expect(await count('household')).toBe(households.length);
    const links = households.reduce((n, h) => n + 2 * h.links.length, 0);
    expect(await count('family_link')).toBe(links);
    const store = createStore(t.db);
    for (const h of households.slice(0, 50)) {
      for (const m of h.members) {
        const stored = await store.resident(m.personalId);
        expect(project(await store.events(m.personalId))).toEqual(stored?.state);
        expect(stored?.version).toBe(1);
      }
    }
  });

  it('leaves the name search ready: nothing pending in its index, the residents analysed', async () => {
    expect(await nameSearchSettled(t.db)).toEqual({ pending: 0, analysed: true });
  });

  it('is readable through the registry service: by ID, by name, within the jurisdiction', async () => {
    if (!first) throw new Error('no people generated');
    const registry = createRegistry(t);
    const commune = households[0]?.address.commune as string;
    const found = await registry.getResident(sensitiveOfficer, first.personalId, purpose);
    expect(found).toMatchObject({
      fullName: first.fullName,
      birthDate: first.birthDate,
      ethnicity: first.ethnicity,
      religion: first.religion,
    });
    expect(found.family.length).toBe(
      households[0]?.links.filter((l) => l.person === 0 || l.relative === 0).length,
    );
    const hits = await registry.searchByName(provinceOfficer, { name: first.fullName, purpose, limit: 100 });
    expect(hits.map((h) => h.personalId)).toContain(first.personalId);

    const own: Actor = { id: 'c1', kind: 'officer', jurisdiction: { commune } };
    const elsewhere = households.find((h) => h.address.commune !== commune)?.members[0]?.personalId as string;
    await expect(registry.getResident(own, first.personalId, purpose)).resolves.toBeDefined();
    await expect(registry.getResident(own, elsewhere, purpose)).rejects.toMatchObject({
      code: 'registry.resident_not_found',
    });
    const inCommune = await registry.searchByName(own, {
      name: first.fullName.split(' ')[0] ?? '',
      purpose,
      limit: 100,
    });
    expect(inCommune.length).toBeGreaterThan(0);
    expect(inCommune.every((r) => r.currentAddress.commune === commune)).toBe(true);
  });

  it('adds every word of the names to the words the typo search knows', async () => {
    const missing = await sql<{ n: string }>`
      select count(*) as n from registry.resident, unnest(string_to_array(search_key, ' ')) as w
       where not exists (select 1 from registry.name_word where word = w)`.execute(t.db);
    expect(Number(missing.rows[0]?.n)).toBe(0);
    expect(await count('name_word')).toBeGreaterThan(50);
  });

  it('seals ethnicity and religion in the row, bound to the person', async () => {
    if (!first) throw new Error('no people generated');
    const row = (
      await sql<{ ethnicity_sealed: string; religion_sealed: string }>`
        select ethnicity_sealed, religion_sealed from registry.resident where personal_id = ${first.personalId}`.execute(
        t.db,
      )
    ).rows[0];
    expect(row?.ethnicity_sealed).toMatch(/^v1\./);
    expect(row?.ethnicity_sealed).not.toContain(first.ethnicity);
    expect(t.sealer.openText(row?.ethnicity_sealed ?? '', sealContext(first.personalId, 'ethnicity'))).toBe(
      first.ethnicity,
    );
    expect(t.sealer.openText(row?.religion_sealed ?? '', sealContext(first.personalId, 'religion'))).toBe(
      first.religion,
    );
  });

  it('changes nothing when run again with the same seed; another seed adds new people', async () => {
    expect(await seedResidents(t, { count: COUNT, seed: 5 })).toEqual({
      generated: COUNT,
      added: 0,
      skipped: COUNT,
    });
    expect(await count('resident')).toBe(COUNT);
    expect(await seedResidents(t, { count: 500, seed: 6 })).toEqual({
      generated: 500,
      added: 500,
      skipped: 0,
    });
    expect(await count('resident')).toBe(COUNT + 500);
    const audit = await sql<{ n: string }>`
      select count(*) as n from platform.audit_log where action = 'registry.synthetic_population_seeded'`.execute(
      t.db,
    );
    expect(Number(audit.rows[0]?.n)).toBe(3);
  });
});

describe('seedResidents in bulk, generated by a worker thread', () => {
  let b: TestPlatform;
  const schema = async (p: TestPlatform) => {
    const indexes = await sql<{ d: string }>`
      select indexdef as d from pg_indexes where schemaname = 'registry' order by indexname`.execute(p.db);
    const keys = await sql<{ d: string }>`
      select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as d
        from pg_constraint where connamespace = 'registry'::regnamespace order by 1`.execute(p.db);
    return [...indexes.rows, ...keys.rows].map((r) => r.d);
  };
  const people = async (p: TestPlatform) =>
    (
      await sql<{ p: string }>`
        select r.personal_id || r.full_name || r.birth_year || h.household_number || r.search_terms::text as p
          from registry.resident r join registry.household h on h.id = r.household_id
         where h.household_number like '%-S5-%' order by 1`.execute(p.db)
    ).rows.map((r) => r.p);

  beforeAll(async () => {
    b = await createTestPlatform({ clock: fixedClock('2026-03-02T03:00:00Z') });
  }, 60_000);
  afterAll(() => b.close());

  it('rolls everything back, indexes and keys included, when the run fails midway', async () => {
    const before = await schema(b);
    const failing = seedResidents(b, {
      count: COUNT,
      seed: 5,
      bulk: true,
      worker: true,
      onProgress: () => {
        throw new Error('interrupted');
      },
    });
    await expect(failing).rejects.toThrow('interrupted');
    expect(await schema(b)).toEqual(before);
    expect(
      Number(
        (await sql<{ n: string }>`select count(*) as n from registry.resident`.execute(b.db)).rows[0]?.n,
      ),
    ).toBe(0);
  });

  it('writes the same people as the batch path and leaves the same indexes and keys', async () => {
    const before = await schema(b);
    expect(await seedResidents(b, { count: COUNT, seed: 5, bulk: true, worker: true })).toEqual({
      generated: COUNT,
      added: COUNT,
      skipped: 0,
    });
    expect(await schema(b)).toEqual(before);
    expect(await people(b)).toEqual(await people(t));
    const store = createStore(b.db);
    for (const h of households.slice(0, 20)) {
      for (const m of h.members) {
        const stored = await store.resident(m.personalId);
        expect(project(await store.events(m.personalId))).toEqual(stored?.state);
      }
    }
    // Run again in bulk: the registry is not empty, so existing households are found and skipped.
    expect(await seedResidents(b, { count: COUNT, seed: 5, bulk: true })).toEqual({
      generated: COUNT,
      added: 0,
      skipped: COUNT,
    });
  });
});
