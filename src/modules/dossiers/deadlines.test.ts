import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../platform/calendar/index.ts';
import { appointment, moveAppointment, pausedWorkingDays, urgency } from './deadlines.ts';

const calendar = createCalendar();
const at = (local: string) => new Date(`${local}+07:00`);

describe('appointment dates on working days', () => {
  it('skips Tết 2026 (Mon 16/2 – Fri 20/2) and its weekends', () => {
    // Received Thu 12/2: Fri 13/2 is day 1, then Tết and two weekends, Mon 23/2 day 2 … Wed 25/2 day 4.
    const a = appointment(
      calendar,
      at('2026-02-12T09:00:00'),
      { amount: 4, unit: 'working_days' },
      'in_person',
    );
    expect(a).toMatchObject({ receivedOn: '2026-02-12', dueOn: '2026-02-25' });
    expect(a.dueAt.toISOString()).toBe('2026-02-25T10:00:00.000Z'); // 17:00 in Hà Nội
  });

  it('counts the swapped Saturday 10/1/2026 as a working day and Friday 2/1 as a day off', () => {
    // Received Wed 31/12/2025: 1/1 holiday, 2/1 swapped off, Mon 5/1 … Fri 9/1 are days 1–5, Sat 10/1 day 6.
    const a = appointment(
      calendar,
      at('2025-12-31T10:00:00'),
      { amount: 6, unit: 'working_days' },
      'in_person',
    );
    expect(a.dueOn).toBe('2026-01-10');
    const b = appointment(
      calendar,
      at('2025-12-31T10:00:00'),
      { amount: 7, unit: 'working_days' },
      'in_person',
    );
    expect(b.dueOn).toBe('2026-01-12');
  });

  it('rolls an online dossier received after closing time to the next working day, not one at the counter', () => {
    const online = appointment(
      calendar,
      at('2026-02-13T18:30:00'),
      { amount: 1, unit: 'working_days' },
      'online',
    );
    expect(online).toMatchObject({ receivedOn: '2026-02-23', dueOn: '2026-02-24' });
    const counter = appointment(
      calendar,
      at('2026-02-13T16:30:00'),
      { amount: 1, unit: 'working_days' },
      'in_person',
    );
    expect(counter).toMatchObject({ receivedOn: '2026-02-13', dueOn: '2026-02-23' });
  });

  it('moves the appointment by the working days the applicant took to supplement, Tết not counted', () => {
    // Paused Fri 13/2, answered Tue 24/2: Mon 23/2 and Tue 24/2 are the working days waited.
    const paused = pausedWorkingDays(calendar, '2026-02-13', at('2026-02-24T08:00:00'));
    expect(paused).toBe(2);
    const moved = moveAppointment(calendar, '2026-02-25', new Date('2026-02-25T10:00:00Z'), paused);
    expect(moved.dueOn).toBe('2026-02-27');
    expect(moved.dueAt.toISOString()).toBe('2026-02-27T10:00:00.000Z');
  });

  it('derives due soon and overdue for open dossiers, neither while paused or closed', () => {
    const d = { dueOn: '2026-02-25', dueAt: new Date('2026-02-25T10:00:00Z'), pausedOn: null, open: true };
    expect(urgency(calendar, at('2026-02-12T09:00:00'), d)).toMatchObject({ dueSoon: false, overdue: false });
    expect(urgency(calendar, at('2026-02-24T09:00:00'), d)).toMatchObject({ dueSoon: true, overdue: false });
    expect(urgency(calendar, at('2026-02-25T16:59:00'), d)).toMatchObject({ dueSoon: true, overdue: false });
    expect(urgency(calendar, at('2026-02-25T17:01:00'), d)).toMatchObject({ dueSoon: false, overdue: true });
    expect(urgency(calendar, at('2026-03-02T09:00:00'), { ...d, open: false }).overdue).toBe(false);
    // Paused Tue 24/2; by Mon 2/3 four working days waited (25, 26, 27/2, 2/3): 25/2 moves to 3/3.
    const paused = urgency(calendar, at('2026-03-02T09:00:00'), { ...d, pausedOn: '2026-02-24' });
    expect(paused).toMatchObject({ dueOn: '2026-03-03', overdue: false, dueSoon: false });
  });
});
