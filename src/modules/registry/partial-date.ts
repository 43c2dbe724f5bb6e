import { dayNumber } from '../../platform/calendar/civil-date.ts';
import type { CivilDate } from '../../platform/calendar/index.ts';
import { errors } from './errors.ts';

/**
 * Dates of birth in old paper records may be partial (only a year, or a year and month, is known):
 * written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, stored as year, month and day columns.
 */
export type PartialDate = string;
export type Precision = 'year' | 'month' | 'day';

export interface DateParts {
  year: number;
  month: number | null;
  day: number | null;
}

const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Splits and checks a partial date; impossible dates such as 1990-02-31 are refused. */
export function dateParts(value: PartialDate): DateParts {
  const match = PARTIAL.exec(value);
  const [, y, m, d] = match ?? [];
  const month = m === undefined ? null : Number(m);
  const ok =
    match !== null &&
    (month === null || (month >= 1 && month <= 12)) &&
    (d === undefined || isCivilDate(value));
  if (!ok)
    throw errors.invalid_date({
      vi: `"${value}" không phải là ngày hợp lệ (YYYY, YYYY-MM hoặc YYYY-MM-DD).`,
      en: `"${value}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD).`,
    });
  return { year: Number(y), month, day: d === undefined ? null : Number(d) };
}

export function fromParts(parts: DateParts): PartialDate {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (parts.month === null) return String(parts.year);
  if (parts.day === null) return `${parts.year}-${pad(parts.month)}`;
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
}

export function precisionOf(value: PartialDate): Precision {
  return value.length === 4 ? 'year' : value.length === 7 ? 'month' : 'day';
}

/** The earliest day a partial date may stand for: only what is certainly before it is refused. */
export function earliestDay(value: PartialDate): CivilDate {
  return value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value;
}

function isCivilDate(value: string): boolean {
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** Checks a full civil date (`YYYY-MM-DD`) given as input. */
export function civilDate(value: string): CivilDate {
  if (value.length !== 10 || !isCivilDate(value))
    throw errors.invalid_date({
      vi: `"${value}" không phải là ngày hợp lệ (YYYY-MM-DD).`,
      en: `"${value}" is not a date (YYYY-MM-DD).`,
    });
  return value;
}
