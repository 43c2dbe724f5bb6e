/** A civil date in Asia/Ho_Chi_Minh, written `YYYY-MM-DD` (the form printed on appointment slips). */
export type CivilDate = string;

const DAY_MS = 86_400_000;
// Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975, so a fixed offset is exact for every
// date the platform handles and needs no time-zone database.
const OFFSET_MS = 7 * 3_600_000;
const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/** Days since 1970-01-01; rejects malformed or impossible dates such as `2026-02-30`. */
export function dayNumber(date: CivilDate): number {
  const match = CIVIL_DATE.exec(date);
  if (match) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    // Date.UTC reads years 0–99 as 1900–1999: such years are refused rather than moved.
    if (y >= 100 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))
      return Date.UTC(y, m - 1, d) / DAY_MS;
  }
  throw new RangeError(`Not a civil date (YYYY-MM-DD): "${date}".`);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number);
}

export function fromDayNumber(day: number): CivilDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addCivilDays(date: CivilDate, days: number): CivilDate {
  if (!Number.isInteger(days)) throw new RangeError(`Days must be an integer, got ${days}.`);
  return fromDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CivilDate): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: CivilDate): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

function checkInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date.');
  return ms;
}

/** The civil date in Asia/Ho_Chi_Minh of an instant. */
export function toCivilDate(instant: Date): CivilDate {
  return new Date(checkInstant(instant) + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since local midnight in Asia/Ho_Chi_Minh. */
export function localMinutes(instant: Date): number {
  const local = checkInstant(instant) + OFFSET_MS;
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/** The instant of a local wall-clock time (minutes since midnight) on a civil date. */
export function instantAt(date: CivilDate, minutes: number): Date {
  return new Date(dayNumber(date) * DAY_MS + minutes * 60_000 - OFFSET_MS);
}

/** `HH:MM` → minutes since midnight; `24:00` is allowed (Civil Code Art. 148(6): a day ends at 24:00). */
export function parseTime(time: string): number {
  const match = TIME.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60)
    throw new RangeError(`Not a time (HH:MM): "${time}".`);
  return minutes;
}
