import type { Calendar, CivilDate, DurationUnit } from '../../platform/calendar/index.ts';
import { toCivilDate } from '../../platform/calendar/index.ts';

/**
 * Appointment dates (ngày hẹn trả) on the platform calendar (DOMAIN §6): the period counts from the day
 * after reception (an online dossier arriving outside office hours counts from the next opening, the
 * calendar's configurable rollover); the time the applicant takes to supplement is not counted, so the
 * appointment moves by the working days the clock was paused. Overdue is not a status: it is derived.
 */
export interface TimeLimit {
  amount: number;
  unit: DurationUnit;
}

export interface Appointment {
  receivedOn: CivilDate;
  dueOn: CivilDate;
  dueAt: Date;
}

/** How many working days before the appointment a dossier counts as due soon (the day itself included). */
export const DUE_SOON_WORKING_DAYS = 1;

export function appointment(
  calendar: Calendar,
  receivedAt: Date,
  limit: TimeLimit,
  channel: 'in_person' | 'online' | 'post',
): Appointment {
  const due = calendar.dueDate({ receivedAt, amount: limit.amount, unit: limit.unit, channel });
  return { receivedOn: due.receivedOn, dueOn: due.dueOn, dueAt: due.dueAt };
}

/** Working days the clock stood still: from the request (its day counted as worked) to the answer. */
export function pausedWorkingDays(calendar: Calendar, pausedOn: CivilDate, resumedAt: Date): number {
  return Math.max(0, calendar.workingDaysBetween(pausedOn, toCivilDate(resumedAt)));
}

/** The appointment moved by `days` working days, at the same time of day. */
export function moveAppointment(calendar: Calendar, dueOn: CivilDate, dueAt: Date, days: number) {
  const moved = calendar.addWorkingDays(dueOn, days);
  const shift = (Date.parse(`${moved}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) | 0;
  return { dueOn: moved, dueAt: new Date(dueAt.getTime() + shift) };
}

export interface Urgency {
  /** The appointment as it stands now (while paused, moved by the days waited so far). */
  dueOn: CivilDate | null;
  dueSoon: boolean;
  overdue: boolean;
}

/**
 * Whether an open dossier is overdue (its appointment has passed) or due soon (the appointment is today or
 * within DUE_SOON_WORKING_DAYS working days). A dossier waiting on the applicant is neither: its clock stands.
 */
export function urgency(
  calendar: Calendar,
  now: Date,
  d: { dueOn: CivilDate | null; dueAt: Date | null; pausedOn: CivilDate | null; open: boolean },
): Urgency {
  if (!d.dueOn || !d.dueAt) return { dueOn: d.dueOn, dueSoon: false, overdue: false };
  if (d.pausedOn) {
    const moved = moveAppointment(calendar, d.dueOn, d.dueAt, pausedWorkingDays(calendar, d.pausedOn, now));
    return { dueOn: moved.dueOn, dueSoon: false, overdue: false };
  }
  if (!d.open) return { dueOn: d.dueOn, dueSoon: false, overdue: false };
  const overdue = now.getTime() > d.dueAt.getTime();
  const left = calendar.workingDaysBetween(toCivilDate(now), d.dueOn);
  return { dueOn: d.dueOn, dueSoon: !overdue && left <= DUE_SOON_WORKING_DAYS, overdue };
}
