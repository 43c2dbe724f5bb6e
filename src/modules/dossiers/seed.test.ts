import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/platform.ts';
import { registryModule } from '../registry/index.ts';
import { demoOfficer, demoOneStopOfficers, seedDemoDossiers } from './seed.ts';
import { createDossiers } from './service.ts';
import { typed } from './store.ts';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await createTestPlatform();
  await registryModule.seed?.(platform);
  await seedDemoDossiers(platform);
}, 120_000);

afterAll(async () => platform?.close());

describe('demo dossiers', () => {
  it("fill each demo officer's queue with dossiers received at the counter, one returned with its result", async () => {
    const dossiers = createDossiers(platform);
    const officers = await Promise.all(
      (await demoOneStopOfficers(platform)).map((demo) => demoOfficer(platform, demo)),
    );
    expect(officers.map((o) => o.name)).toEqual([
      'Cán bộ Một cửa Phường Hàm Rồng (demo)',
      'Cán bộ Sở Tư pháp (demo)',
    ]);
    const [commune, department] = officers;
    const open = async (officer: typeof commune) =>
      (
        await dossiers.queue(
          { kind: 'officer', officer: officer as NonNullable<typeof officer> },
          'all',
          50,
          'test',
        )
      ).map((d) => [d.applicantName, d.status]);
    expect(await open(commune)).toEqual(
      expect.arrayContaining([
        ['Nguyễn Văn Minh', 'received'],
        ['Nguyễn Thị Lan', 'in_process'],
      ]),
    );
    expect(await open(department)).toEqual(
      expect.arrayContaining([
        ['Trần Văn Hùng', 'received'],
        ['Phạm Thị Mai', 'in_process'],
      ]),
    );
    const returned = await typed(platform.db)
      .selectFrom('dossiers.dossier')
      .select(['applicant_name', 'receipt_code', 'result_document_id', 'due_on'])
      .where('status', '=', 'returned')
      .execute();
    expect(returned).toHaveLength(1);
    expect(returned[0]?.applicant_name).toBe('Nguyễn Văn Đức');
    expect(returned[0]?.result_document_id).toBeTruthy();
    // A receipt code per agency and day, and an appointment in working days.
    expect(returned[0]?.receipt_code).toMatch(/^000\.\d{2}\.\d{2}\.H56-\d{6}-\d{4}$/);
    expect(returned[0]?.due_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('are added once: seeding again adds nothing', async () => {
    const count = async () =>
      Number(
        (
          await typed(platform.db)
            .selectFrom('dossiers.dossier')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect(before).toBe(5);
    await seedDemoDossiers(platform);
    expect(await count()).toBe(before);
  });
});
