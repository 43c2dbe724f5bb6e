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
import type { Actor } from './types.ts';

let t: TestPlatform;
let registry: Registry;
const purpose = 'Giải quyết thủ tục đăng ký thường trú';
const resident = person({ serial: 100, currentAddress: at(HAM_RONG) });
const missing = person({ serial: 999 }).personalId;
const otherProvince: Actor = { id: 'na1', kind: 'officer', jurisdiction: { province: '40' } };

beforeAll(async () => {
  t = await createTestPlatform({ clock: fixedClock('2026-03-02T03:00:00Z') });
  registry = createRegistry(t);
  await registry.registerResident(provinceOfficer, resident);
});
afterAll(() => t.close());

const reads = (actor: Actor, id: string) => [
  () => registry.getResident(actor, id, purpose),
  () => registry.getResidentAsOf(actor, id, '2025-01-01', purpose),
  () => registry.timeline(actor, id, purpose),
];
const write = (actor: Actor, id: string) =>
  registry.correct(actor, id, {
    effectiveDate: '2021-07-01',
    legalBasis: 'Luật Hộ tịch 2014',
    reason: 'Bổ sung tên gọi khác',
    changes: { otherNames: ['Tí'] },
  });

describe('jurisdiction (ARCHITECTURE §5, §8.7)', () => {
  it.each([
    ['the commune officer of the resident', hamRongOfficer, 'resolved'],
    ['a province officer', provinceOfficer, 'resolved'],
    ['the officer of another commune', hacThanhOfficer, 'registry.resident_not_found'],
    ['an officer of another province', otherProvince, 'registry.resident_not_found'],
  ])('%s reads and writes → %s', async (_who, actor, expected) => {
    for (const read of reads(actor, resident.personalId)) expect(await codeOf(read())).toBe(expected);
    expect(await codeOf(write(actor, resident.personalId))).toBe(expected);
  });

  it('refuses a malformed as-of date', async () => {
    expect(
      await codeOf(registry.getResidentAsOf(provinceOfficer, resident.personalId, '2025-13-01', purpose)),
    ).toBe('registry.invalid_date');
  });

  it('answers "not allowed" exactly like "does not exist"', async () => {
    const answer = async (id: string) => {
      try {
        await registry.getResident(hacThanhOfficer, id, purpose);
      } catch (error) {
        const e = error as { code: string; status: number; message: string };
        return { code: e.code, status: e.status, message: e.message.replace(id, '<id>') };
      }
    };
    expect(await answer(resident.personalId)).toEqual(await answer(missing));
    expect(await answer(missing)).toMatchObject({ status: 404 });
  });

  it('answers concurrent reads (read together in one statement) each with its own person and rule', async () => {
    const other = person({ serial: 104, currentAddress: at(HAC_THANH), fullName: 'Lê Thị Hoa' });
    await registry.registerResident(provinceOfficer, other);
    const claim = { fullName: resident.fullName, sex: resident.sex };
    const answers = await Promise.all([
      ...[resident, other, resident, other].map((p) =>
        codeOf(registry.getResident(hamRongOfficer, p.personalId, purpose)),
      ),
      codeOf(registry.getResident(provinceOfficer, missing, purpose)),
      registry.getResident(provinceOfficer, other.personalId, purpose).then((r) => r.fullName),
      ...[resident, other].map((p) =>
        registry.verifyAttributes(hamRongOfficer, p.personalId, claim, purpose),
      ),
      registry.verifyAttributes(provinceOfficer, other.personalId, claim, purpose),
    ]);
    expect(answers).toEqual([
      'resolved',
      'registry.resident_not_found',
      'resolved',
      'registry.resident_not_found',
      'registry.resident_not_found',
      'Lê Thị Hoa',
      { found: true, alive: true, matches: { fullName: true, sex: true } },
      { found: false },
      { found: true, alive: true, matches: { fullName: false, sex: other.sex === resident.sex } },
    ]);
  });

  it('a commune officer cannot register a person in another commune, and loses sight of one who moves away', async () => {
    const elsewhere = person({ serial: 101, currentAddress: at(HAC_THANH) });
    expect(await codeOf(registry.registerResident(hamRongOfficer, elsewhere))).toBe(
      'registry.outside_jurisdiction',
    );
    const leaving = person({ serial: 102 });
    await registry.registerResident(hamRongOfficer, leaving);
    await registry.changeResidence(hamRongOfficer, leaving.personalId, {
      effectiveDate: '2025-09-01',
      legalBasis: 'Luật Cư trú 2020, Điều 22',
      currentAddress: at(HAC_THANH),
    });
    expect(await codeOf(registry.getResident(hamRongOfficer, leaving.personalId, purpose))).toBe(
      'registry.resident_not_found',
    );
    expect(await codeOf(registry.getResident(hacThanhOfficer, leaving.personalId, purpose))).toBe('resolved');
  });

  it('places a pre-2025 address in its single 2025 successor commune (Hạ Trung → Bá Thước)', async () => {
    const old = person({
      serial: 103,
      currentAddress: { version: 'pre2025', commune: '14962', street: 'Bản Đồng Tâm' },
    });
    await registry.registerResident(provinceOfficer, old);
    const baThuoc: Actor = { id: 'bt1', kind: 'officer', jurisdiction: { commune: '14923' } };
    expect(await registry.getResident(baThuoc, old.personalId, purpose)).toMatchObject({
      currentAddress: { version: 'pre2025', commune: '14962' },
    });
  });
});

describe('reads are audited with their purpose', () => {
  it('refuses a read without a purpose and reads nothing', async () => {
    const before = await t.pool.query('select count(*)::int as n from platform.audit_log');
    for (const purposeless of [undefined, '', '   ']) {
      expect(await codeOf(registry.getResident(provinceOfficer, resident.personalId, purposeless))).toBe(
        'registry.purpose_required',
      );
      expect(
        await codeOf(registry.searchByName(provinceOfficer, { name: 'duc', purpose: purposeless })),
      ).toBe('registry.purpose_required');
    }
    const after = await t.pool.query('select count(*)::int as n from platform.audit_log');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('logs each view with actor, action and purpose', async () => {
    await registry.getResident(hamRongOfficer, resident.personalId, 'Xác minh nhân thân');
    await registry.getResidentAsOf(hamRongOfficer, resident.personalId, '2024-01-01', 'Tra cứu lịch sử');
    await registry.timeline(hamRongOfficer, resident.personalId, 'Tra cứu lịch sử');
    const rows = await t.pool.query(
      `select action, purpose, details from platform.audit_log
        where subject_person = $1 and actor = 'officer:hr1' and purpose is not null order by seq`,
      [resident.personalId],
    );
    expect(rows.rows.slice(-3)).toEqual([
      { action: 'registry.resident.view', purpose: 'Xác minh nhân thân', details: {} },
      { action: 'registry.resident.view_as_of', purpose: 'Tra cứu lịch sử', details: { asOf: '2024-01-01' } },
      { action: 'registry.resident.timeline', purpose: 'Tra cứu lịch sử', details: {} },
    ]);
  });

  it('returns the data only once its audit row is committed, and nothing when the audit fails', async () => {
    // Another session holds the audit log: the read has its data but must wait for its audit row.
    const blocker = await t.pool.connect();
    await blocker.query('begin; lock table platform.audit_log in access exclusive mode');
    let settled = false;
    const read = registry.getResident(hamRongOfficer, resident.personalId, 'Chờ nhật ký').finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await blocker.query('commit');
    blocker.release();
    expect((await read).personalId).toBe(resident.personalId);
    const logged = await t.pool.query(
      `select count(*)::int as n from platform.audit_log where purpose = 'Chờ nhật ký' and subject_person = $1`,
      [resident.personalId],
    );
    expect(logged.rows[0].n).toBe(1);

    // An audit row that cannot be written (NUL is refused in text) fails the read: no data without it.
    await expect(
      registry.getResident(hamRongOfficer, resident.personalId, 'bad\u0000purpose'),
    ).rejects.toThrow();
  });

  it('does not audit a refused read as a view', async () => {
    const rows = await t.pool.query(
      `select count(*)::int as n from platform.audit_log where actor = 'officer:ht1' and subject_person = $1`,
      [resident.personalId],
    );
    expect(rows.rows[0].n).toBe(0);
  });
});
