import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../csv.ts';
import type { Text } from '../i18n/index.ts';
import { addCivilDays, type CivilDate, dayNumber, isWeekend, weekday } from './civil-date.ts';

/**
 * `holiday`: a statutory or announced holiday (may fall on a weekend); `compensatory`: the working day taken
 * off for a holiday that fell on a rest day; `swap`: a working day given off in exchange for a worked rest
 * day; `working_day`: a Saturday or Sunday that civil servants work.
 */
export type EntryKind = 'holiday' | 'compensatory' | 'swap' | 'working_day';
const KINDS: readonly string[] = ['holiday', 'compensatory', 'swap', 'working_day'] satisfies EntryKind[];

/**
 * One dated line of a year's day-off arrangement. The lines of one `(year, occasion)` form one announcement,
 * which replaces as a whole the derived or shipped lines with the same key. Statutory occasions use the keys
 * `new_year`, `tet`, `hung_kings`, `reunification_labour` (30/4 and 1/5) and `national_day`; any other key
 * (e.g. `culture_day` for a newly enacted 24/11 holiday) adds to the year.
 */
export interface ArrangementEntry {
  year: number;
  occasion: string;
  date: CivilDate;
  kind: EntryKind;
  name: Text;
  /** Where the line comes from (notice number, or `derived: …` with the rule applied). */
  source: string;
}

function toEntry(record: unknown, where: string): ArrangementEntry {
  if (typeof record !== 'object' || record === null) throw new Error(`${where}: not an object.`);
  const fields = record as Record<string, unknown>;
  const text = (field: string): string => {
    const value = fields[field];
    if (typeof value !== 'string' || value.trim() === '')
      throw new Error(`${where}: "${field}" is required.`);
    return value.trim();
  };
  const year = String(fields.year ?? '');
  if (!/^\d{4}$/.test(year)) throw new Error(`${where}: "year" must be a 4-digit year, got "${year}".`);
  const occasion = text('occasion');
  if (!/^[a-z0-9_]+$/.test(occasion)) throw new Error(`${where}: "occasion" must be a snake_case key.`);
  const date = text('date');
  try {
    dayNumber(date);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  const kind = text('kind');
  if (!KINDS.includes(kind)) throw new Error(`${where}: "kind" must be one of ${KINDS.join(', ')}.`);
  // Catches mistyped dates: only a rest day can be worked, only a working day can be given off in lieu.
  if (kind === 'working_day' && !isWeekend(date))
    throw new Error(`${where}: working_day ${date} is not a weekend.`);
  if ((kind === 'swap' || kind === 'compensatory') && isWeekend(date)) {
    throw new Error(`${where}: ${kind} ${date} falls on a weekend.`);
  }
  return {
    year: Number(year),
    occasion,
    date,
    kind: kind as EntryKind,
    name: { vi: text('name_vi'), en: text('name_en') },
    source: text('source'),
  };
}

/**
 * Reads announced arrangements: CSV with the header `year,occasion,date,kind,name_vi,name_en,source`, or JSON,
 * an array of objects with the same fields. Throws on the first invalid entry, naming it.
 */
export function parseArrangements(
  text: string,
  format: 'csv' | 'json',
  origin: string = format,
): ArrangementEntry[] {
  const records: unknown = format === 'csv' ? parseCsv(text) : JSON.parse(text);
  if (!Array.isArray(records)) throw new Error(`${origin}: expected a list of entries.`);
  return records.map((record, i) => toEntry(record, `${origin} entry ${i + 1}`));
}

/** Reads an operator-supplied `.csv` or `.json` file of announcements (see `parseArrangements`). */
export function readArrangementsFile(file: string): ArrangementEntry[] {
  const format = file.endsWith('.json') ? 'json' : file.endsWith('.csv') ? 'csv' : undefined;
  if (!format) throw new Error(`${file}: day-off announcements must be a .csv or .json file.`);
  return parseArrangements(readFileSync(file, 'utf8'), format, file);
}

/** One statutory holiday of the anchors file. */
export interface Anchor {
  year: number;
  date: CivilDate;
  name: Text;
  /** Letter of Labour Code 2019 Art. 112(1) the holiday comes from. */
  clause: string;
}

const ANCHORS_FILE = path.join(
  import.meta.dirname,
  '../../../reference-data/vn-public-holidays-anchors-2024-2040.csv',
);
// Announced arrangements, cleaned from reference-data/vn-civil-service-days-off-2025-2026.csv: one line per
// date, source per line. National Day 2026 is left out on purpose: the notice's adjacent day is not known
// from the reference data, so the derived rule applies until an operator supplies it.
const ANNOUNCED_FILE = path.join(import.meta.dirname, 'days-off.csv');

function readAnchors(): Anchor[] {
  return parseCsv(readFileSync(ANCHORS_FILE, 'utf8')).map((row, i) => {
    const clause = /Đ112\.1\.([abcdđe])/u.exec(row.legal_basis ?? '')?.[1];
    const date = row.date ?? '';
    if (!clause) throw new Error(`${ANCHORS_FILE} row ${i + 1}: no Labour Code Art. 112(1) clause.`);
    dayNumber(date);
    return {
      year: Number(date.slice(0, 4)),
      date,
      name: { vi: row.name_vi ?? '', en: row.name_en ?? '' },
      clause,
    };
  });
}

let shipped: { anchors: Anchor[]; announced: ArrangementEntry[] } | undefined;

/** The shipped anchors and announcements, read once on first use. */
export function shippedData(): { anchors: Anchor[]; announced: ArrangementEntry[] } {
  shipped ??= { anchors: readAnchors(), announced: readArrangementsFile(ANNOUNCED_FILE) };
  return shipped;
}

/**
 * Default second National Day holiday. Labour Code 2019 Art. 112(1)(đ) grants 2/9 and one adjacent day and
 * Art. 112(3) leaves the choice to the Prime Minister each year; the notices pick the neighbour that joins the
 * break to a weekend (2021 Thu→3/9, 2022 Fri→1/9, 2023 Sat→1/9, 2024 Mon→3/9, 2025 Tue→1/9). So: the day
 * before when 2/9 is a Tuesday, Friday or Saturday, otherwise (including the undecided Wednesday) the day after.
 */
export function defaultNationalDayAdjacent(nationalDay: CivilDate): CivilDate {
  return addCivilDays(nationalDay, [2, 5, 6].includes(weekday(nationalDay)) ? -1 : 1);
}

// Labour Code 2019 Art. 112(1): (a) 1/1, (b) Tết, (c) 30/4, (d) 1/5, (đ) National Day, (e) Hùng Kings.
const OCCASION_OF_CLAUSE: Record<string, string> = {
  a: 'new_year',
  b: 'tet',
  c: 'reunification_labour',
  d: 'reunification_labour',
  đ: 'national_day',
  e: 'hung_kings',
};

type Holiday = Omit<ArrangementEntry, 'year' | 'kind'>;

/**
 * A year's days off when no notice is known: the statutory holidays of the anchors file, each one on a
 * rest day followed by a compensatory day.
 */
export function deriveYear(
  year: number,
  anchors: readonly Anchor[],
  nationalDayAdjacent: (nationalDay: CivilDate) => CivilDate,
): ArrangementEntry[] {
  const holidays: Holiday[] = [];
  for (const anchor of anchors) {
    if (anchor.clause === 'b') continue;
    const occasion = OCCASION_OF_CLAUSE[anchor.clause] ?? anchor.clause;
    const source = `derived: Labour Code 2019 Art. 112(1)(${anchor.clause}); date from the holiday anchors file`;
    holidays.push({ occasion, date: anchor.date, name: anchor.name, source });
    if (anchor.clause === 'đ') {
      const adjacent = nationalDayAdjacent(anchor.date);
      if (Math.abs(dayNumber(adjacent) - dayNumber(anchor.date)) !== 1) {
        throw new RangeError(
          `National Day's second day must be adjacent to ${anchor.date}, got ${adjacent}.`,
        );
      }
      holidays.push({
        occasion,
        date: adjacent,
        name: { vi: `${anchor.name.vi} (ngày liền kề)`, en: `${anchor.name.en} (adjacent day)` },
        source: `${source}; adjacent day by rule (Art. 112(3) leaves it to the yearly notice)`,
      });
    }
  }
  // Art. 112(1)(b) grants 5 Tết days without placing them (Art. 112(3): the yearly notice does). Default: the
  // last day of the lunar year and mùng 1–4, as Thông báo 9441/TB-BNV placed Tết 2026. The anchors file gives
  // the last day of the year as the earlier of its two Tết rows.
  const lastDay = anchors.filter((a) => a.clause === 'b').sort((a, b) => a.date.localeCompare(b.date))[0];
  if (lastDay) {
    for (let i = 0; i < 5; i++) {
      holidays.push({
        occasion: 'tet',
        date: addCivilDays(lastDay.date, i),
        name: i === 0 ? lastDay.name : { vi: `Tết Âm lịch – Mùng ${i} Tết`, en: `Lunar New Year – day ${i}` },
        source:
          'derived: Labour Code 2019 Art. 112(1)(b); default placement: last day of the lunar year + mùng 1–4',
      });
    }
  }
  holidays.sort((a, b) => a.date.localeCompare(b.date));
  const taken = new Set(holidays.map((h) => h.date));
  const entries: ArrangementEntry[] = [];
  for (const holiday of holidays) {
    entries.push({ ...holiday, year, kind: 'holiday' });
    if (!isWeekend(holiday.date)) continue;
    // Labour Code 2019 Art. 111(3): a holiday on the weekly rest day is taken on the next working day.
    let day = addCivilDays(holiday.date, 1);
    while (isWeekend(day) || taken.has(day)) day = addCivilDays(day, 1);
    taken.add(day);
    entries.push({
      year,
      occasion: holiday.occasion,
      date: day,
      kind: 'compensatory',
      name: { vi: `Nghỉ bù ${holiday.name.vi}`, en: `Compensatory day for ${holiday.name.en}` },
      source: `derived: Labour Code 2019 Art. 111(3), holiday of ${holiday.date} on a rest day`,
    });
  }
  return entries;
}

/** Later layers replace earlier ones per `(year, occasion)`; new keys add. */
export function mergeArrangements(...layers: readonly (readonly ArrangementEntry[])[]): ArrangementEntry[] {
  const groups = new Map<string, ArrangementEntry[]>();
  for (const layer of layers) {
    for (const [key, entries] of Map.groupBy(layer, (e) => `${e.year}:${e.occasion}`))
      groups.set(key, entries);
  }
  return [...groups.values()].flat();
}
