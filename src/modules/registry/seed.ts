import type { Platform } from '../../platform/context.ts';
import { seedResidents } from './population/load.ts';
import { createRegistry, type PersonInput } from './service.ts';
import { createStore } from './store.ts';
import type { Actor, Address } from './types.ts';

/**
 * A small, plausible demo population of Thanh Hóa: three households in Hàm Rồng, Hạc Thành and Bá Thước,
 * entered as old records migrated on the day the national population database opened (1 July 2021), then
 * a few events. Idempotent: what already exists is skipped, so a second run changes nothing.
 */
const SEEDER: Actor = { id: 'demo-seed', kind: 'system', jurisdiction: { province: '38' } };
const LEGAL_BASIS = 'Luật Cư trú 2020; dữ liệu mẫu (demo)';
const OPENED = '2021-07-01';

const at = (commune: string, street: string, version: Address['version'] = '2025'): Address => ({
  version,
  commune,
  street,
});
const HAM_RONG = at('14758', 'Số 12 đường Hàm Rồng');
const HAC_THANH = at('14797', 'Số 45 đường Lê Lợi');
const BA_THUOC = at('14923', 'Thôn Đồng Tâm');

type Person = PersonInput & { relationToHead: string };
const kinh = { ethnicity: 'Kinh', religion: 'Không', nationality: 'Việt Nam' };
const muong = { ethnicity: 'Mường', religion: 'Không', nationality: 'Việt Nam' };

export const DEMO_HOUSEHOLDS: { number: string; address: Address; people: Person[] }[] = [
  {
    number: '38-14758-000012',
    address: HAM_RONG,
    people: [
      {
        personalId: '038068001234',
        fullName: 'Nguyễn Văn Đức',
        sex: 'male',
        birthDate: '1968-03-12',
        maritalStatus: 'married',
        ...kinh,
        currentAddress: HAM_RONG,
        permanentAddress: HAM_RONG,
        relationToHead: 'head',
      },
      {
        personalId: '038171004321',
        fullName: 'Lê Thị Hoa',
        sex: 'female',
        birthDate: '1971-09-05',
        maritalStatus: 'married',
        ...kinh,
        currentAddress: HAM_RONG,
        permanentAddress: HAM_RONG,
        relationToHead: 'vợ',
      },
      {
        personalId: '038095012345',
        fullName: 'Nguyễn Văn Minh',
        sex: 'male',
        birthDate: '1995-11-20',
        ...kinh,
        currentAddress: HAM_RONG,
        permanentAddress: HAM_RONG,
        relationToHead: 'con',
      },
      {
        personalId: '038301023456',
        fullName: 'Nguyễn Thị Lan',
        sex: 'female',
        birthDate: '2001-04-02',
        ...kinh,
        currentAddress: HAM_RONG,
        permanentAddress: HAM_RONG,
        relationToHead: 'con',
      },
      // An old record: only the year of birth is known.
      {
        personalId: '038040000789',
        fullName: 'Nguyễn Văn Tuấn',
        sex: 'male',
        birthDate: '1940',
        maritalStatus: 'widowed',
        ...kinh,
        currentAddress: HAM_RONG,
        permanentAddress: HAM_RONG,
        relationToHead: 'bố',
      },
    ],
  },
  {
    number: '38-14797-000045',
    address: HAC_THANH,
    people: [
      {
        personalId: '038080056789',
        fullName: 'Trần Văn Hùng',
        sex: 'male',
        birthDate: '1980-06-15',
        maritalStatus: 'married',
        ...kinh,
        currentAddress: HAC_THANH,
        permanentAddress: HAC_THANH,
        relationToHead: 'head',
      },
      {
        personalId: '038183067890',
        fullName: 'Phạm Thị Mai',
        sex: 'female',
        birthDate: '1983-02-28',
        maritalStatus: 'married',
        ...kinh,
        religion: 'Công giáo',
        currentAddress: HAC_THANH,
        permanentAddress: HAC_THANH,
        relationToHead: 'vợ',
      },
      {
        personalId: '038210078901',
        fullName: 'Trần Minh Khang',
        sex: 'male',
        birthDate: '2010-08-09',
        ...kinh,
        currentAddress: HAC_THANH,
        permanentAddress: HAC_THANH,
        relationToHead: 'con',
      },
      {
        personalId: '038315089012',
        fullName: 'Trần Ngọc Anh',
        sex: 'female',
        birthDate: '2015-12-24',
        ...kinh,
        currentAddress: HAC_THANH,
        permanentAddress: HAC_THANH,
        relationToHead: 'con',
      },
    ],
  },
  {
    number: '38-14923-000007',
    address: BA_THUOC,
    people: [
      // Still at his pre-2025 address (Xã Hạ Trung, now part of Bá Thước): old records keep old addresses.
      {
        personalId: '038075090123',
        fullName: 'Hà Văn Thắng',
        sex: 'male',
        birthDate: '1975-07',
        maritalStatus: 'married',
        ...muong,
        currentAddress: at('14962', 'Bản Đồng Tâm', 'pre2025'),
        permanentAddress: at('14962', 'Bản Đồng Tâm', 'pre2025'),
        relationToHead: 'head',
      },
      {
        personalId: '038178001122',
        fullName: 'Bùi Thị Nga',
        sex: 'female',
        birthDate: '1978-10-10',
        maritalStatus: 'married',
        ...muong,
        currentAddress: BA_THUOC,
        permanentAddress: BA_THUOC,
        relationToHead: 'vợ',
      },
      {
        personalId: '038304002233',
        fullName: 'Hà Thị Thu',
        sex: 'female',
        birthDate: '2004-05-17',
        ...muong,
        currentAddress: BA_THUOC,
        permanentAddress: BA_THUOC,
        relationToHead: 'con',
      },
    ],
  },
];

/**
 * The demo resident a newcomer registers an e-ID account as (the start prints these details): Nguyễn Văn
 * Đức, head of the first household, whose one-stop dossier the demo has already returned.
 */
export const DEMO_CITIZEN = DEMO_HOUSEHOLDS[0]?.people[0] as Person;

export async function seedDemoPopulation(platform: Platform): Promise<void> {
  const registry = createRegistry(platform);
  const store = createStore(platform.db);
  const meta = { effectiveDate: OPENED, legalBasis: LEGAL_BASIS };
  for (const household of DEMO_HOUSEHOLDS) {
    for (const { relationToHead: _relation, ...person } of household.people) {
      if (!(await store.resident(person.personalId)))
        await registry.registerResident(SEEDER, { ...person, ...meta });
    }
    const [head, ...members] = household.people;
    if (!head) continue;
    if (!(await store.household({ number: household.number }))) {
      await registry.createHousehold(SEEDER, {
        ...meta,
        householdNumber: household.number,
        headPersonalId: head.personalId,
        address: household.address,
      });
    }
    for (const member of members) {
      if ((await store.resident(member.personalId))?.state.householdId) continue;
      await registry.addHouseholdMember(SEEDER, {
        ...meta,
        householdNumber: household.number,
        personalId: member.personalId,
        relationToHead: member.relationToHead,
      });
    }
  }
  const state = async (id: string) => (await store.resident(id))?.state;
  if ((await state('038040000789'))?.lifeStatus === 'alive') {
    await registry.recordDeath(SEEDER, '038040000789', {
      effectiveDate: '2023-01-15',
      legalBasis: 'Trích lục khai tử số 12/2023/TLKT',
    });
  }
  if ((await state('038301023456'))?.temporaryAddress === null) {
    await registry.changeResidence(SEEDER, '038301023456', {
      effectiveDate: '2023-09-05',
      legalBasis: 'Luật Cư trú 2020, Điều 28',
      reason: 'Đi học đại học',
      temporaryAddress: at('14797', 'Ký túc xá Trường Đại học Hồng Đức, số 565 Quang Trung'),
    });
  }
  // A town-sized population around the hand-written households, so search and lists look real.
  if (platform.config.demoResidents > 0) {
    await seedResidents(platform, {
      count: platform.config.demoResidents,
      province: platform.config.provinceCode,
    });
  }
  if ((await state('038095012345'))?.maritalStatus === 'single') {
    await registry.recordMarriage(SEEDER, {
      personalId: '038095012345',
      spousePersonalId: '038304002233',
      effectiveDate: '2024-10-05',
      legalBasis: 'Giấy chứng nhận kết hôn số 85/2024',
    });
  }
}
