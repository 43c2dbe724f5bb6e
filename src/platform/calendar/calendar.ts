import {
  type ArrangementEntry,
  defaultNationalDayAdjacent,
  deriveYear,
  mergeArrangements,
  shippedData,
} from './arrangements.ts';
import {
  addCivilDays,
  type CivilDate,
  dayNumber,
  fromDayNumber,
  instantAt,
  isWeekend,
  localMinutes,
  parseTime,
  toCivilDate,
} from './civil-date.ts';

export type Channel = 'in_person' | 'online' | 'post';
export type DurationUnit = 'working_days' | 'days' | 'hours';

export interface CalendarOptions {
  /** Operator-supplied announcements; each `(year, occasion)` replaces the shipped or derived one. */
  announcements?: readonly ArrangementEntry[];
  /** Office hours, local `HH:MM` intervals in order. Default 07:30–11:30 and 13:00–17:00 (8 hours). */
  workingHours?: readonly (readonly [string, string])[];
  /** Local time at which a day-based deadline falls due. Default: the end of the office hours. */
  dueTime?: string;
  /** Whose dossiers received outside office hours count as received at the next opening. Default `online`. */
  outOfHoursRollover?: 'online' | 'all' | 'none';
  /** The second National Day holiday in years without an announcement. Default `defaultNationalDayAdjacent`. */
  nationalDayAdjacent?: (nationalDay: CivilDate) => CivilDate;
}

export interface DueDateInput {
  receivedAt: Date;
  amount: number;
  unit: DurationUnit;
  /** Default `in_person`. */
  channel?: Channel;
}

export interface DueDate {
  /** The day the dossier counts as received. */
  receivedOn: CivilDate;
  /** The appointment date (ngày hẹn trả). */
  dueOn: CivilDate;
  dueAt: Date;
}

export interface DayInfo {
  date: CivilDate;
  working: boolean;
  weekend: boolean;
  /** Why the day departs from the Monday–Friday week (holiday, compensatory day, swap, worked Saturday). */
  entries: ArrangementEntry[];
}

export interface Calendar {
  isWorkingDay(date: CivilDate): boolean;
  /** The first working day after `date`. */
  nextWorkingDay(date: CivilDate): CivilDate;
  /** The `n`th working day after `date` (before it when `n` is negative); `date` itself when `n` is 0. */
  addWorkingDays(date: CivilDate, n: number): CivilDate;
  /** Working days in (a, b], negative when b is before a; the inverse of `addWorkingDays`. */
  workingDaysBetween(a: CivilDate, b: CivilDate): number;
  dueDate(input: DueDateInput): DueDate;
  describeDay(date: CivilDate): DayInfo;
  /** Every holiday, compensatory day, swap and worked weekend day of a year, in date order. */
  arrangementsIn(year: number): ArrangementEntry[];
}

function parseWorkingHours(hours: readonly (readonly [string, string])[]): [number, number][] {
  if (hours.length === 0) throw new RangeError('Working hours must not be empty.');
  const parsed = hours.map(([start, end]): [number, number] => [parseTime(start), parseTime(end)]);
  let previousEnd = -1;
  for (const [start, end] of parsed) {
    if (start <= previousEnd || end <= start)
      throw new RangeError('Working hours must be ordered, disjoint intervals.');
    previousEnd = end;
  }
  return parsed;
}

export function createCalendar(options: CalendarOptions = {}): Calendar {
  const { anchors, announced } = shippedData();
  const hours = parseWorkingHours(
    options.workingHours ?? [
      ['07:30', '11:30'],
      ['13:00', '17:00'],
    ],
  );
  const closing = hours.at(-1)?.[1] ?? 0;
  const dueMinutes = options.dueTime === undefined ? closing : parseTime(options.dueTime);
  const rollover = options.outOfHoursRollover ?? 'online';
  const adjacent = options.nationalDayAdjacent ?? defaultNationalDayAdjacent;

  // The statutory holidays must be known for every year counted over, so the anchors file sets the range.
  const anchorsByYear = Map.groupBy(anchors, (a) => a.year);
  const years = [...anchorsByYear.keys()].sort((a, b) => a - b);
  const coverage = `${years[0]}–${years.at(-1)}`;
  const extra = options.announcements ?? [];
  for (const entry of [...announced, ...extra]) {
    if (!anchorsByYear.has(entry.year)) {
      throw new RangeError(
        `Announcement for ${entry.year} (${entry.date}) is outside the holiday data (${coverage}).`,
      );
    }
  }
  // Announced arrangements win over the derived ones (Labour Code Art. 112(3): the yearly notice places the days).
  const derived = [...anchorsByYear].flatMap(([year, yearAnchors]) =>
    deriveYear(year, yearAnchors, adjacent),
  );
  const entries = mergeArrangements(derived, announced, extra).sort((a, b) => a.date.localeCompare(b.date));
  const byDate = Map.groupBy(entries, (e) => e.date);

  function covered(date: CivilDate): void {
    dayNumber(date);
    if (!anchorsByYear.has(Number(date.slice(0, 4)))) {
      throw new RangeError(`No holiday data for ${date} (the calendar covers ${coverage}).`);
    }
  }

  function isWorkingDay(date: CivilDate): boolean {
    covered(date);
    const dayEntries = byDate.get(date) ?? [];
    // Civil servants work Monday–Friday (Decision 188/1999/QĐ-TTg) unless an arrangement says otherwise.
    if (isWeekend(date)) return dayEntries.some((e) => e.kind === 'working_day');
    return !dayEntries.some((e) => e.kind !== 'working_day');
  }

  function addWorkingDays(date: CivilDate, n: number): CivilDate {
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be an integer, got ${n}.`);
    covered(date);
    const step = Math.sign(n);
    let day = date;
    for (let left = Math.abs(n); left > 0; ) {
      day = addCivilDays(day, step);
      if (isWorkingDay(day)) left--;
    }
    return day;
  }

  function nextWorkingDay(date: CivilDate): CivilDate {
    return addWorkingDays(date, 1);
  }

  function workingDaysBetween(a: CivilDate, b: CivilDate): number {
    const [from, to] = [dayNumber(a), dayNumber(b)];
    const step = from <= to ? 1 : -1;
    let count = 0;
    for (let day = Math.min(from, to) + 1; day <= Math.max(from, to); day++) {
      if (isWorkingDay(fromDayNumber(day))) count += step;
    }
    return count;
  }

  function receivedOn(receivedAt: Date, channel: Channel): CivilDate {
    const date = toCivilDate(receivedAt);
    // Common one-stop practice (configurable): a dossier arriving when the office is closed counts as received
    // at the next opening — the next working day after closing time or on a day off, the same day before opening.
    const rolls = rollover === 'all' || (rollover === 'online' && channel === 'online');
    if (rolls && (!isWorkingDay(date) || localMinutes(receivedAt) >= closing)) return nextWorkingDay(date);
    return date;
  }

  // Civil Code Art. 147(1): a period in hours runs from the moment of receipt; only office hours count.
  function addWorkingMinutes(received: CivilDate, startMinutes: number, minutes: number): Date {
    let day = received;
    let from = startMinutes;
    let left = minutes;
    for (;;) {
      if (isWorkingDay(day)) {
        for (const [start, end] of hours) {
          const begin = Math.max(start, from);
          if (begin >= end) continue;
          if (left <= end - begin) return instantAt(day, begin + left);
          left -= end - begin;
        }
      }
      day = addCivilDays(day, 1);
      from = 0;
    }
  }

  function dueDate({ receivedAt, amount, unit, channel = 'in_person' }: DueDateInput): DueDate {
    const received = receivedOn(receivedAt, channel);
    if (unit === 'hours') {
      if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`Hours must be ≥ 0, got ${amount}.`);
      const start = received === toCivilDate(receivedAt) ? localMinutes(receivedAt) : 0;
      const dueAt = addWorkingMinutes(received, start, Math.round(amount * 60));
      return { receivedOn: received, dueOn: toCivilDate(dueAt), dueAt };
    }
    if (!Number.isInteger(amount) || amount < 0)
      throw new RangeError(`Days must be an integer ≥ 0, got ${amount}.`);
    // Civil Code Art. 147(2): the day of receipt is not counted; the period starts the next day.
    const last = unit === 'working_days' ? addWorkingDays(received, amount) : addCivilDays(received, amount);
    // Civil Code Art. 148(5): when the last day is a rest day or holiday, the period ends on the next working day.
    const dueOn = isWorkingDay(last) ? last : nextWorkingDay(last);
    return { receivedOn: received, dueOn, dueAt: instantAt(dueOn, dueMinutes) };
  }

  function describeDay(date: CivilDate): DayInfo {
    return {
      date,
      working: isWorkingDay(date),
      weekend: isWeekend(date),
      entries: [...(byDate.get(date) ?? [])],
    };
  }

  function arrangementsIn(year: number): ArrangementEntry[] {
    covered(`${year}-01-01`);
    return entries.filter((e) => e.date.startsWith(`${year}-`));
  }

  return {
    isWorkingDay,
    nextWorkingDay,
    addWorkingDays,
    workingDaysBetween,
    dueDate,
    describeDay,
    arrangementsIn,
  };
}
