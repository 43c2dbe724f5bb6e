import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/platform.ts';
import { auditTrailOf } from '../../platform/audit/index.ts';
import { createRegistry, ownRecordForPrefill } from './index.ts';

/** A person's own record for pre-filling forms: their values in clear, the read audited as theirs. */
let platform: TestPlatform;
const clerk = { id: 'own-test', kind: 'officer' as const, jurisdiction: { province: '38' } };

beforeAll(async () => {
  platform = await createTestPlatform();
  await createRegistry(platform).registerResident(clerk, {
    personalId: '038190006101',
    fullName: 'Lê Thị Hoa',
    sex: 'female',
    birthDate: '1990-03-08',
    ethnicity: 'Mường',
    currentAddress: { version: '2025', commune: '14758', street: 'Số 5 phố Trần Phú' },
    effectiveDate: '2020-01-01',
    legalBasis: 'Luật Cư trú 2020',
  });
}, 60_000);

afterAll(async () => platform?.close());

describe('ownRecordForPrefill', () => {
  it('returns the person’s own values, sensitive ones included, and audits the read as their own', async () => {
    const record = await ownRecordForPrefill(platform, '038190006101', {
      actor: 'account:0190a000-0000-7000-8000-000000000001',
      purpose: 'Điền sẵn tờ khai',
    });
    expect(record).toMatchObject({
      fullName: 'Lê Thị Hoa',
      sex: 'female',
      ethnicity: 'Mường',
      nationality: 'Việt Nam',
      currentCommune: '14758',
      permanentAddress: null,
    });
    expect(record?.currentAddress).toMatch(/^Số 5 phố Trần Phú, Phường Hàm Rồng/);
    const [last] = await auditTrailOf(platform.db, '038190006101', 1);
    expect(last).toMatchObject({ action: 'registry.resident.own_prefill', purpose: 'Điền sẵn tờ khai' });
    expect(last?.actor).toBe('account:0190a000-0000-7000-8000-000000000001');
  });

  it('knows nobody outside the registry', async () => {
    expect(
      await ownRecordForPrefill(platform, '038190006199', { actor: 'account:x', purpose: 'p' }),
    ).toBeUndefined();
  });
});
