/**
 * Working-day arithmetic for administrative deadlines (DOMAIN §6): Vietnamese public holidays as data
 * (Labour Code 2019 Arts. 111–112), the government's yearly day-off announcements with swapped working days,
 * and period counting per Civil Code 2015 Arts. 147–148, in Asia/Ho_Chi_Minh civil dates.
 */
export {
  type ArrangementEntry,
  defaultNationalDayAdjacent,
  type EntryKind,
  parseArrangements,
  readArrangementsFile,
} from './arrangements.ts';
export {
  type Calendar,
  type CalendarOptions,
  type Channel,
  createCalendar,
  type DayInfo,
  type DueDate,
  type DueDateInput,
  type DurationUnit,
} from './calendar.ts';
export { addCivilDays, type CivilDate, toCivilDate } from './civil-date.ts';
