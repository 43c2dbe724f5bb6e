import { describe, expect, it } from 'vitest';
import { addCivilDays, createCalendar, toCivilDate } from './index.ts';

const calendar = createCalendar();
/** A local wall-clock time in Vietnam. */
const vn = (localTime: string) => new Date(`${localTime}+07:00`);

describe('announced arrangements 2025–2026', () => {
  it('Tết 2026 (Thông báo 9441): 16–20/2 are off, so 5 working days from Fri 13/2 end on Fri 27/2 at 17:00', () => {
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      expect(calendar.isWorkingDay(day)).toBe(false);
    }
    const due = calendar.dueDate({ receivedAt: vn('2026-02-13T09:00'), amount: 5, unit: 'working_days' });
    expect(due).toEqual({
      receivedOn: '2026-02-13',
      dueOn: '2026-02-27',
      dueAt: new Date('2026-02-27T10:00:00Z'),
    });
    expect(calendar.describeDay('2026-02-17').entries.map((e) => e.name.vi)).toEqual([
      'Tết Âm lịch – Mùng 1 Tết',
    ]);
  });

  it('New Year 2026: Fri 2/1 is off and Sat 10/1 is worked in exchange', () => {
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(calendar.describeDay('2026-01-10')).toMatchObject({ working: true, weekend: true });
    expect(calendar.describeDay('2026-01-10').entries[0]?.kind).toBe('working_day');
    // Thu 8/1 → Fri 9/1 is day 1, the worked Saturday 10/1 is day 2.
    expect(calendar.addWorkingDays('2026-01-08', 2)).toBe('2026-01-10');
    // Wed 31/12/2025 → 1/1 holiday, 2/1 swapped off: Mon 5/1, Tue 6/1, Wed 7/1.
    expect(calendar.addWorkingDays('2025-12-31', 3)).toBe('2026-01-07');
  });

  it('30/4–1/5 2026 (Thu–Fri): a dossier received Wed 29/4 with 1 working day is due Mon 4/5', () => {
    expect(calendar.isWorkingDay('2026-04-30')).toBe(false);
    expect(calendar.isWorkingDay('2026-05-01')).toBe(false);
    expect(
      calendar.dueDate({ receivedAt: vn('2026-04-29T10:00'), amount: 1, unit: 'working_days' }).dueOn,
    ).toBe('2026-05-04');
  });

  it('Hùng Kings 2026 falls on Sun 26/4, so Mon 27/4 is the compensatory day off', () => {
    const monday = calendar.describeDay('2026-04-27');
    expect(monday.working).toBe(false);
    expect(monday.entries.map((e) => [e.kind, e.name.vi])).toEqual([
      ['compensatory', 'Nghỉ bù Giỗ Tổ Hùng Vương'],
    ]);
    expect(calendar.addWorkingDays('2026-04-24', 1)).toBe('2026-04-28');
  });

  it('2025: the announced Tết placement (27–31/1) wins over the default rule, and Sat 26/4 is worked for Fri 2/5', () => {
    expect(calendar.isWorkingDay('2025-01-27')).toBe(false);
    expect(calendar.isWorkingDay('2025-02-03')).toBe(true);
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(
      calendar
        .arrangementsIn(2025)
        .filter((e) => e.occasion === 'national_day')
        .map((e) => e.date),
    ).toEqual(['2025-09-01', '2025-09-02']);
  });
});

describe('years derived from the holiday anchors', () => {
  it('Tết 2027: last day of the lunar year Fri 5/2 + mùng 1–4, the weekend ones taken on Wed 10/2 and Thu 11/2', () => {
    const tet = calendar.arrangementsIn(2027).filter((e) => e.occasion === 'tet');
    expect(tet.map((e) => [e.date, e.kind])).toEqual([
      ['2027-02-05', 'holiday'],
      ['2027-02-06', 'holiday'],
      ['2027-02-07', 'holiday'],
      ['2027-02-08', 'holiday'],
      ['2027-02-09', 'holiday'],
      ['2027-02-10', 'compensatory'],
      ['2027-02-11', 'compensatory'],
    ]);
    expect(calendar.addWorkingDays('2027-02-04', 1)).toBe('2027-02-12');
  });

  it('holidays on a weekend move to the next free working day (2028)', () => {
    // 1/1/2028 is a Saturday.
    expect(calendar.isWorkingDay('2028-01-03')).toBe(false);
    expect(calendar.addWorkingDays('2027-12-31', 1)).toBe('2028-01-04');
    // 30/4 is a Sunday and 1/5 (Monday) is itself a holiday, so the compensatory day is Tuesday 2/5.
    expect(calendar.describeDay('2028-05-02').entries.map((e) => e.kind)).toEqual(['compensatory']);
    expect(calendar.isWorkingDay('2028-05-03')).toBe(true);
  });

  it('every derived year gives 11 weekdays off: the statutory holidays or their compensatory days', () => {
    for (let year = 2024; year <= 2040; year++) {
      if (year === 2025 || year === 2026) continue;
      const weekdaysOff = calendar.arrangementsIn(year).filter((e) => !calendar.describeDay(e.date).weekend);
      expect(weekdaysOff, String(year)).toHaveLength(11);
      expect(new Set(weekdaysOff.map((e) => e.date)).size, String(year)).toBe(11);
    }
  });

  it('National Day takes the neighbour that joins the weekend, and the rule can be replaced', () => {
    const nationalDay = (c: typeof calendar, year: number) =>
      c
        .arrangementsIn(year)
        .filter((e) => e.occasion === 'national_day')
        .map((e) => e.date);
    expect(nationalDay(calendar, 2027)).toEqual(['2027-09-02', '2027-09-03']); // Thu → Fri 3/9
    expect(nationalDay(calendar, 2031)).toEqual(['2031-09-01', '2031-09-02']); // Tue → Mon 1/9
    // 2/9/2028 is a Saturday: Fri 1/9 is the adjacent day and Mon 4/9 the compensatory one.
    expect(nationalDay(calendar, 2028)).toEqual(['2028-09-01', '2028-09-02', '2028-09-04']);
    // The 2026 announcement data does not name the adjacent day, so the rule applies (Wed → Thu 3/9).
    expect(nationalDay(calendar, 2026)).toEqual(['2026-09-02', '2026-09-03']);

    const dayBefore = createCalendar({ nationalDayAdjacent: (d) => addCivilDays(d, -1) });
    expect(nationalDay(dayBefore, 2027)).toEqual(['2027-09-01', '2027-09-02']);
    expect(dayBefore.isWorkingDay('2027-09-03')).toBe(true);
    expect(() => createCalendar({ nationalDayAdjacent: (d) => addCivilDays(d, 7) })).toThrow(/adjacent/);
  });

  it('refuses to count over years without holiday data', () => {
    expect(() => calendar.isWorkingDay('2041-01-02')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2040-12-28', 5)).toThrow(/2041/);
  });
});

describe('dueDate', () => {
  it('calendar days: a period ending on a holiday ends on the next working day (Civil Code Art. 148)', () => {
    // Wed 11/2/2026 + 5 days = Mon 16/2, a Tết day; the next working day is Mon 23/2.
    expect(calendar.dueDate({ receivedAt: vn('2026-02-11T09:00'), amount: 5, unit: 'days' }).dueOn).toBe(
      '2026-02-23',
    );
    // Mon 2/3/2026 + 5 days = Sat 7/3 → Mon 9/3.
    expect(calendar.dueDate({ receivedAt: vn('2026-03-02T09:00'), amount: 5, unit: 'days' }).dueOn).toBe(
      '2026-03-09',
    );
    expect(calendar.dueDate({ receivedAt: vn('2026-03-09T09:00'), amount: 3, unit: 'days' }).dueOn).toBe(
      '2026-03-12',
    );
  });

  it('an online dossier sent on Saturday counts as received on Monday; one lodged in person does not', () => {
    const saturday = vn('2026-03-07T10:00');
    expect(
      calendar.dueDate({ receivedAt: saturday, amount: 1, unit: 'working_days', channel: 'online' }),
    ).toMatchObject({ receivedOn: '2026-03-09', dueOn: '2026-03-10' });
    expect(calendar.dueDate({ receivedAt: saturday, amount: 1, unit: 'working_days' })).toMatchObject({
      receivedOn: '2026-03-07',
      dueOn: '2026-03-09',
    });
  });

  it('an online dossier sent after closing counts from the next working day; before opening, from that day', () => {
    const online = (localTime: string) =>
      calendar.dueDate({ receivedAt: vn(localTime), amount: 1, unit: 'working_days', channel: 'online' });
    expect(online('2026-03-10T20:00')).toMatchObject({ receivedOn: '2026-03-11', dueOn: '2026-03-12' });
    expect(online('2026-03-10T17:00').receivedOn).toBe('2026-03-11');
    expect(online('2026-03-10T16:59').receivedOn).toBe('2026-03-10');
    expect(online('2026-03-10T06:00').receivedOn).toBe('2026-03-10');
    // Fri 13/2/2026 at 18:00: the next working day is after Tết, Mon 23/2.
    expect(online('2026-02-13T18:00').receivedOn).toBe('2026-02-23');
  });

  it('the out-of-hours rule and the office hours are configurable', () => {
    const evening = {
      receivedAt: vn('2026-03-10T17:15'),
      amount: 1,
      unit: 'working_days',
      channel: 'online',
    } as const;
    expect(createCalendar({ outOfHoursRollover: 'none' }).dueDate(evening).receivedOn).toBe('2026-03-10');
    const lateOffice = createCalendar({ workingHours: [['08:00', '17:30']] });
    expect(lateOffice.dueDate(evening)).toMatchObject({
      receivedOn: '2026-03-10',
      dueAt: new Date('2026-03-11T10:30:00Z'),
    });
    const inPerson = { ...evening, channel: 'in_person' } as const;
    expect(createCalendar({ outOfHoursRollover: 'all' }).dueDate(inPerson).receivedOn).toBe('2026-03-11');
    expect(() => createCalendar({ workingHours: [['13:00', '11:30']] })).toThrow(RangeError);
  });

  it('the deadline instant follows dueTime, e.g. 24:00 for the end of the day (Civil Code Art. 148(6))', () => {
    const due = createCalendar({ dueTime: '24:00' }).dueDate({
      receivedAt: vn('2026-02-13T09:00'),
      amount: 5,
      unit: 'working_days',
    });
    expect(due).toMatchObject({ dueOn: '2026-02-27', dueAt: new Date('2026-02-27T17:00:00Z') });
  });

  it('hours count office hours only: lunch, nights, weekends and holidays are skipped', () => {
    // Mon 9/3/2026 10:00 + 4 h: 1.5 h until 11:30, then 2.5 h from 13:00.
    const morning = calendar.dueDate({ receivedAt: vn('2026-03-09T10:00'), amount: 4, unit: 'hours' });
    expect(morning).toMatchObject({ dueOn: '2026-03-09', dueAt: vn('2026-03-09T15:30') });
    // Fri 13/2/2026 16:00 + 8 h: 1 h on Friday, then Tết; 7 h from Mon 23/2 07:30 → 16:00.
    const beforeTet = calendar.dueDate({ receivedAt: vn('2026-02-13T16:00'), amount: 8, unit: 'hours' });
    expect(beforeTet).toMatchObject({
      receivedOn: '2026-02-13',
      dueOn: '2026-02-23',
      dueAt: vn('2026-02-23T16:00'),
    });
    // A full day's 8 hours from opening end at closing, not at the next opening.
    expect(calendar.dueDate({ receivedAt: vn('2026-03-09T07:30'), amount: 8, unit: 'hours' }).dueAt).toEqual(
      vn('2026-03-09T17:00'),
    );
    // Online at 20:00: counted from the next opening.
    const online = calendar.dueDate({
      receivedAt: vn('2026-03-09T20:00'),
      amount: 4,
      unit: 'hours',
      channel: 'online',
    });
    expect(online).toMatchObject({ receivedOn: '2026-03-10', dueAt: vn('2026-03-10T11:30') });
  });

  it('rejects amounts that are not counts', () => {
    const receivedAt = vn('2026-03-09T09:00');
    expect(() => calendar.dueDate({ receivedAt, amount: 1.5, unit: 'working_days' })).toThrow(RangeError);
    expect(() => calendar.dueDate({ receivedAt, amount: -1, unit: 'days' })).toThrow(RangeError);
    expect(() => calendar.dueDate({ receivedAt: new Date('x'), amount: 1, unit: 'days' })).toThrow(
      RangeError,
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the first date up to the second, signed', () => {
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5);
    expect(calendar.workingDaysBetween('2026-02-27', '2026-02-13')).toBe(-5);
    expect(calendar.workingDaysBetween('2026-03-09', '2026-03-09')).toBe(0);
    // 1/1 and 2/1 off, 5–9/1 worked, and the swapped Saturday 10/1.
    expect(calendar.workingDaysBetween('2025-12-31', '2026-01-10')).toBe(6);
    // Finished Mon 2/3 against an appointment on Fri 27/2: one working day late.
    expect(calendar.workingDaysBetween('2026-02-27', '2026-03-02')).toBe(1);
  });

  it('is the inverse of addWorkingDays', () => {
    for (const [from, n] of [
      ['2026-01-01', 7],
      ['2026-02-12', 3],
      ['2027-02-04', 10],
      ['2026-05-04', -4],
    ] as const) {
      expect(calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n))).toBe(n);
    }
  });
});

describe('civil dates', () => {
  it('are taken in Asia/Ho_Chi_Minh (UTC+7)', () => {
    expect(toCivilDate(new Date('2026-03-09T16:59:59Z'))).toBe('2026-03-09');
    expect(toCivilDate(new Date('2026-03-09T17:00:00Z'))).toBe('2026-03-10');
    expect(addCivilDays('2028-02-28', 2)).toBe('2028-03-01');
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });

  it('know leap years and month lengths, and refuse what is not a date', () => {
    expect(addCivilDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCivilDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addCivilDays('1900-02-28', 1)).toBe('1900-03-01');
    expect(addCivilDays('1969-12-31', 1)).toBe('1970-01-01');
    for (const bad of [
      '2023-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '0050-01-01',
      '2026-1-01',
    ])
      expect(() => addCivilDays(bad, 1), bad).toThrow(RangeError);
  });
});
