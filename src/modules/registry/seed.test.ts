import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../test/platform.ts';
import { provinceOfficer } from './fixtures.ts';
import { registryModule } from './module.ts';
import { checkPersonalIdAgainst } from './personal-id.ts';
import { DEMO_HOUSEHOLDS } from './seed.ts';
import { createRegistry } from './service.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform({ clock: fixedClock('2026-03-02T03:00:00Z') });
});
afterAll(() => t.close());

const counts = async () =>
  (
    await t.pool.query(`select (select count(*) from registry.resident)::int as residents,
      (select count(*) from registry.resident_event)::int as events,
      (select count(*) from registry.household)::int as households,
      (select count(*) from registry.household_member)::int as memberships,
      (select count(*) from platform.event)::int as outbox`)
  ).rows[0];

describe('demo population', () => {
  it('has Thanh Hóa IDs consistent with each person', () => {
    const people = DEMO_HOUSEHOLDS.flatMap((h) => h.people);
    expect(people).toHaveLength(12);
    for (const p of people) expect(checkPersonalIdAgainst(p.personalId, p).provinceCode).toBe('038');
  });

  it('is idempotent: a second run changes nothing', async () => {
    await registryModule.seed?.(t);
    const first = await counts();
    expect(first).toMatchObject({ residents: 12, households: 3, memberships: 12 });
    await registryModule.seed?.(t);
    expect(await counts()).toEqual(first);
    const registry = createRegistry(t);
    expect(await registry.getResident(provinceOfficer, '038040000789', 'Kiểm tra dữ liệu mẫu')).toMatchObject(
      {
        lifeStatus: 'deceased',
        birthDate: '1940',
      },
    );
    const found = await registry.searchByName(provinceOfficer, { name: 'ha van thang', purpose: 'Kiểm tra' });
    expect(found[0]).toMatchObject({ personalId: '038075090123', currentAddress: { version: 'pre2025' } });
  });
});
