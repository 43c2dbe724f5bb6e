import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../test/platform.ts';
import {
  at,
  codeOf,
  HAC_THANH,
  HAM_RONG,
  hacThanhOfficer,
  hamRongOfficer,
  person,
  provinceOfficer,
} from './fixtures.ts';
import { createRegistry, type Registry } from './service.ts';

let t: TestPlatform;
let registry: Registry;
const purpose = 'Tra cứu';
const people = [
  person({ serial: 1, fullName: 'Nguyễn Văn Đức', birthDate: '1985-01-01' }),
  person({ serial: 2, fullName: 'Nguyễn Văn Đức Anh', birthDate: '1990-01-01' }),
  person({ serial: 3, fullName: 'Nguyễn Văn Dục', birthDate: '1990-01-01', currentAddress: at(HAC_THANH) }),
  person({ serial: 4, fullName: 'Trần Thị Đức Hạnh', sex: 'female', birthDate: '1990-01-01' }),
  person({ serial: 5, fullName: 'Lê Văn Bình' }),
];

beforeAll(async () => {
  t = await createTestPlatform({ clock: fixedClock('2026-03-02T03:00:00Z') });
  registry = createRegistry(t);
  for (const p of people) await registry.registerResident(provinceOfficer, p);
});
afterAll(() => t.close());

const names = (rows: { fullName: string }[]) => rows.map((r) => r.fullName);

describe('search by name', () => {
  it('is tone-insensitive and ranks the exact name first', async () => {
    // Without tones, "Đức" and "Dục" are the same key: both rank before a longer name containing it.
    for (const name of ['nguyen van duc', 'NGUYEN VAN DUC', 'Nguyen  Van Duc']) {
      const rows = await registry.searchByName(provinceOfficer, { name, purpose });
      expect(names(rows.slice(0, 2)).sort()).toEqual(['Nguyễn Văn Dục', 'Nguyễn Văn Đức']);
      expect(names(rows)[2]).toBe('Nguyễn Văn Đức Anh');
      expect(names(rows)).not.toContain('Lê Văn Bình');
    }
    // Typed with its tones, the name written that way comes first.
    const toned = await registry.searchByName(provinceOfficer, { name: 'nguyễn văn đức', purpose });
    expect(names(toned).slice(0, 3)).toEqual(['Nguyễn Văn Đức', 'Nguyễn Văn Dục', 'Nguyễn Văn Đức Anh']);
  });

  it('filters by birth year and commune, and stays within the jurisdiction', async () => {
    expect(
      names(
        await registry.searchByName(provinceOfficer, { name: 'nguyen van duc', birthYear: 1990, purpose }),
      ),
    ).toEqual(['Nguyễn Văn Dục', 'Nguyễn Văn Đức Anh']);
    expect(
      names(
        await registry.searchByName(provinceOfficer, { name: 'nguyen van duc', commune: HAC_THANH, purpose }),
      ),
    ).toEqual(['Nguyễn Văn Dục']);
    expect(names(await registry.searchByName(hacThanhOfficer, { name: 'nguyen van duc', purpose }))).toEqual([
      'Nguyễn Văn Dục',
    ]);
    expect(
      names(
        await registry.searchByName(hamRongOfficer, { name: 'nguyen van duc', commune: HAC_THANH, purpose }),
      ),
    ).toEqual([]);
  });

  it('tolerates a typo and audits each person it shows', async () => {
    const rows = await registry.searchByName(hamRongOfficer, { name: 'nguyen vn duc', purpose: 'Tìm hồ sơ' });
    expect(rows[0]?.fullName).toBe('Nguyễn Văn Đức');
    const audit = await t.pool.query(
      `select subject_person from platform.audit_log where action = 'registry.resident.search' and purpose = 'Tìm hồ sơ'`,
    );
    expect(audit.rows.map((r) => r.subject_person).sort()).toEqual(rows.map((r) => r.personalId).sort());
    expect(await codeOf(registry.searchByName(hamRongOfficer, { name: ' đ ', purpose }))).toBe(
      'registry.invalid_name',
    );
  });
});

describe('search steps: exact name, words in order, one typo', () => {
  const extra = [
    person({ serial: 11, fullName: 'Phạm Minh Đức', birthDate: '1985-01-01' }),
    person({ serial: 12, fullName: 'Hoàng Thị Thu Hà', sex: 'female', birthDate: '1991-01-01' }),
    person({ serial: 13, fullName: 'Hà Thu Hoàng', sex: 'female', birthDate: '1992-01-01' }),
  ];
  beforeAll(async () => {
    for (const p of extra) await registry.registerResident(provinceOfficer, p);
  });
  const search = (name: string, more: { birthYear?: number; limit?: number } = {}) =>
    registry.searchByName(provinceOfficer, { name, purpose, ...more }).then(names);

  it('finds the words in the order typed, with other words between them, the phrase first', async () => {
    expect(await search('nguyen duc')).toEqual(['Nguyễn Văn Dục', 'Nguyễn Văn Đức', 'Nguyễn Văn Đức Anh']);
    // Then names one edit away: "hanh" is "anh" with a letter more.
    expect(await search('duc anh')).toEqual(['Nguyễn Văn Đức Anh', 'Trần Thị Đức Hạnh']);
    expect(await search('van duc')).toEqual(['Nguyễn Văn Dục', 'Nguyễn Văn Đức', 'Nguyễn Văn Đức Anh']);
    // Order matters: surname first, as names are written.
    expect(await search('hoang thu')).toEqual(['Hoàng Thị Thu Hà']);
    // Not "Hoàng Thị Thu Hà" either, though "thi" is one edit from "thu": a typo keeps the order too.
    expect(await search('thu hoang')).toEqual(['Hà Thu Hoàng']);
    expect(await search('duc', { birthYear: 1985 })).toEqual(['Phạm Minh Đức', 'Nguyễn Văn Đức']);
  });

  it('tolerates one typo in any word, and no more', async () => {
    expect((await search('ngyen van duc'))[0]).toMatch(/^Nguyễn Văn (Đức|Dục)$/);
    expect((await search('pham minh dcu'))[0]).toBe('Phạm Minh Đức');
    expect(await search('phma minh dcu')).toEqual([]);
    expect(await search('le van binh')).toEqual(['Lê Văn Bình']);
    expect(await search('le vn binh')).toEqual(['Lê Văn Bình']);
  });

  it('stops at the limit', async () => {
    expect(await search('nguyen', { limit: 2 })).toHaveLength(2);
  });

  it('finds a person by the name a correction gave them', async () => {
    const [p] = extra;
    await registry.correct(provinceOfficer, p?.personalId ?? '', {
      effectiveDate: '2022-01-01',
      legalBasis: 'Luật Hộ tịch 2014',
      reason: 'Sai chính tả',
      changes: { fullName: 'Phạm Minh Quang' },
    });
    expect(await search('pham minh quang')).toEqual(['Phạm Minh Quang']);
    expect(await search('pham minh duc')).not.toContain('Phạm Minh Đức');
  });
});

describe('households', () => {
  const meta = { effectiveDate: '2022-01-01', legalBasis: 'Luật Cư trú 2020' };
  const [head, member, other] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];

  it('creates, adds members, splits, and finds by number within the jurisdiction', async () => {
    await registry.createHousehold(hamRongOfficer, {
      ...meta,
      householdNumber: 'HR-1',
      headPersonalId: head.personalId,
      address: at(HAM_RONG),
    });
    await registry.addHouseholdMember(hamRongOfficer, {
      ...meta,
      householdNumber: 'HR-1',
      personalId: member.personalId,
      relationToHead: 'con',
    });
    await registry.addHouseholdMember(provinceOfficer, {
      ...meta,
      householdNumber: 'HR-1',
      personalId: people[3]?.personalId ?? '',
      relationToHead: 'con dâu',
    });
    const found = await registry.searchByHousehold(hamRongOfficer, 'HR-1', purpose);
    expect(found.members.map((m) => [m.fullName, m.relationToHead])).toEqual([
      ['Nguyễn Văn Đức', 'head'],
      ['Nguyễn Văn Đức Anh', 'con'],
      ['Trần Thị Đức Hạnh', 'con dâu'],
    ]);
    expect(await codeOf(registry.searchByHousehold(hacThanhOfficer, 'HR-1', purpose))).toBe(
      'registry.household_not_found',
    );
    expect(
      await codeOf(
        registry.createHousehold(hamRongOfficer, {
          ...meta,
          householdNumber: 'HR-1',
          headPersonalId: other.personalId,
          address: at(HAM_RONG),
        }),
      ),
    ).toBe('registry.household_number_taken');

    const split = await registry.splitHousehold(hamRongOfficer, {
      ...meta,
      effectiveDate: '2024-05-01',
      fromHouseholdNumber: 'HR-1',
      householdNumber: 'HR-2',
      headPersonalId: member.personalId,
      members: [{ personalId: people[3]?.personalId ?? '', relationToHead: 'vợ' }],
      address: at(HAM_RONG, 'Số 2'),
    });
    expect(split.members.map((m) => m.relationToHead)).toEqual(['head', 'vợ']);
    expect((await registry.searchByHousehold(provinceOfficer, 'HR-1', purpose)).members).toHaveLength(1);
    const asOf = await registry.getResidentAsOf(provinceOfficer, member.personalId, '2023-01-01', purpose);
    const now = await registry.getResident(provinceOfficer, member.personalId, purpose);
    expect(asOf.householdId).not.toBe(now.householdId);
    const topics = await t.pool.query(
      `select payload->>'change' as change from platform.event where topic = 'registry.household.changed'`,
    );
    expect(topics.rows.map((r) => r.change)).toEqual([
      'created',
      'member_added',
      'member_added',
      'split',
      'created',
    ]);
    expect(
      await codeOf(
        registry.splitHousehold(hamRongOfficer, {
          ...meta,
          fromHouseholdNumber: 'HR-1',
          householdNumber: 'HR-3',
          headPersonalId: other.personalId,
          members: [],
          address: at(HAM_RONG),
        }),
      ),
    ).toBe('registry.not_a_member');
  });
});
