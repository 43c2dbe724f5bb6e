import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../test/platform.ts';

describe('platform calendar', () => {
  it("uses the operator's announcements from CITIZEN_CALENDAR_FILE", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'citizen-cal-'));
    const file = path.join(dir, 'days-off.csv');
    writeFileSync(
      file,
      'year,occasion,date,kind,name_vi,name_en,source\n2026,culture_day,2026-11-24,holiday,Ngày Văn hóa Việt Nam,Vietnam Culture Day,test\n',
    );
    const plain = await createTestPlatform();
    const announced = await createTestPlatform({ env: { CITIZEN_CALENDAR_FILE: file } });
    try {
      expect(plain.calendar.isWorkingDay('2026-11-24')).toBe(true);
      expect(announced.calendar.isWorkingDay('2026-11-24')).toBe(false);
    } finally {
      await plain.close();
      await announced.close();
    }
  });

  it('refuses a calendar file it cannot read, naming the variable', async () => {
    await expect(
      createTestPlatform({ env: { CITIZEN_CALENDAR_FILE: '/nonexistent/days-off.csv' } }),
    ).rejects.toThrow(/CITIZEN_CALENDAR_FILE/);
  });
});
