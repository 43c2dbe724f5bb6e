import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../csv.ts';
import { addCivilDays, createCalendar, parseArrangements, readArrangementsFile } from './index.ts';

const vn = (localTime: string) => new Date(`${localTime}+07:00`);

const CULTURE_DAY_CSV = `year,occasion,date,kind,name_vi,name_en,source
2026,culture_day,2026-11-24,holiday,"Ngày Văn hóa Việt Nam",Vietnam Culture Day,"hypothetical resolution, for the test"
`;

describe('operator-supplied announcements', () => {
  it('a new 24/11 holiday moves the appointment date', () => {
    const received = { receivedAt: vn('2026-11-23T09:00'), amount: 1, unit: 'working_days' } as const;
    expect(createCalendar().dueDate(received).dueOn).toBe('2026-11-24');

    const calendar = createCalendar({ announcements: parseArrangements(CULTURE_DAY_CSV, 'csv') });
    expect(calendar.dueDate(received).dueOn).toBe('2026-11-25');
    expect(calendar.describeDay('2026-11-24')).toMatchObject({
      working: false,
      entries: [
        {
          kind: 'holiday',
          name: { vi: 'Ngày Văn hóa Việt Nam' },
          source: 'hypothetical resolution, for the test',
        },
      ],
    });
    // The rest of the year is unchanged.
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
  });

  it('an announcement for a statutory occasion replaces the derived days of that occasion (JSON file)', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'calendar-')), 'days-off.json');
    const line = {
      year: 2026,
      occasion: 'national_day',
      kind: 'holiday',
      name_en: 'National Day',
      source: 'notice',
    };
    writeFileSync(
      file,
      JSON.stringify([
        { ...line, date: '2026-09-01', name_vi: 'Quốc khánh (ngày liền kề)' },
        { ...line, date: '2026-09-02', name_vi: 'Quốc khánh' },
      ]),
    );
    const calendar = createCalendar({ announcements: readArrangementsFile(file) });
    expect(calendar.isWorkingDay('2026-09-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-09-03')).toBe(true);
    expect(createCalendar().isWorkingDay('2026-09-03')).toBe(false);
  });

  it('rejects entries that cannot be right, naming them', () => {
    const csv = (row: string) => `year,occasion,date,kind,name_vi,name_en,source\n${row}\n`;
    expect(() => parseArrangements(csv('2026,new_year,2026-02-30,holiday,a,b,c'), 'csv')).toThrow(
      /entry 1: Not a civil date/,
    );
    expect(() => parseArrangements(csv('2026,new_year,2026-01-09,working_day,a,b,c'), 'csv')).toThrow(
      /not a weekend/,
    );
    expect(() => parseArrangements(csv('2026,new_year,2026-01-03,swap,a,b,c'), 'csv')).toThrow(/weekend/);
    expect(() => parseArrangements(csv('2026,new_year,2026-01-05,day_off,a,b,c'), 'csv')).toThrow(/kind/);
    expect(() => parseArrangements(csv('2026,new_year,2026-01-05,holiday,a,b,'), 'csv')).toThrow(/source/);
    expect(() => parseArrangements('{"year": 2026}', 'json')).toThrow(/list/);
    expect(() => readArrangementsFile('days-off.xlsx')).toThrow(/\.csv or \.json/);
    const outside = parseArrangements(csv('2041,culture_day,2041-11-25,holiday,a,b,c'), 'csv');
    expect(() => createCalendar({ announcements: outside })).toThrow(/2041/);
  });
});

describe('the shipped data agrees with the reference notices', () => {
  const calendar = createCalendar();
  const notices = parseCsv(
    readFileSync(
      path.join(import.meta.dirname, '../../../reference-data/vn-civil-service-days-off-2025-2026.csv'),
      'utf8',
    ),
  );

  it('no one works during an announced break', () => {
    for (const notice of notices) {
      const to = notice.date_to ?? '';
      for (let day = notice.date_from ?? ''; day <= to; day = addCivilDays(day, 1)) {
        expect(calendar.isWorkingDay(day), `${day} (${notice.occasion})`).toBe(false);
      }
    }
  });

  it('the Saturdays announced as worked are working days', () => {
    const worked = notices.flatMap((notice) => {
      const match = /work Sat (\d+)\/(\d+)|Sat (\d+)\/(\d+) worked/.exec(notice.swap_or_note ?? '');
      if (!match) return [];
      const [day, month] = (match[1] ? [match[1], match[2]] : [match[3], match[4]]).map((n) =>
        n?.padStart(2, '0'),
      );
      return [`${notice.date_from?.slice(0, 4)}-${month}-${day}`];
    });
    expect(worked).toEqual(['2025-04-26', '2026-01-10']);
    for (const day of worked) expect(calendar.isWorkingDay(day)).toBe(true);
  });

  it('every statutory holiday of the anchors file is a day off', () => {
    const anchors = parseCsv(
      readFileSync(
        path.join(import.meta.dirname, '../../../reference-data/vn-public-holidays-anchors-2024-2040.csv'),
        'utf8',
      ),
    );
    expect(anchors).toHaveLength(119);
    for (const anchor of anchors) expect(calendar.isWorkingDay(anchor.date ?? ''), anchor.date).toBe(false);
  });
});
