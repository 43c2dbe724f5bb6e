import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  ALLOWED,
  allowedNow,
  deriveStatus,
  next,
  OPEN_STATUSES,
  STATUS_CODES,
  STATUSES,
  TransitionError,
} from './lifecycle.ts';

describe('dossier lifecycle', () => {
  it('maps every status to its national code 0–10, each once', () => {
    expect(Object.values(STATUS_CODES).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('derives the status of the acceptance path from its actions', () => {
    const path = [
      'submit',
      'receive',
      'request_supplement',
      'supplement',
      'approve',
      'return_result',
    ] as const;
    expect(deriveStatus(path.slice(0, 2))).toBe('received');
    expect(deriveStatus(path.slice(0, 3))).toBe('supplement_requested');
    expect(deriveStatus(path.slice(0, 4))).toBe('in_process');
    expect(deriveStatus(path)).toBe('returned');
    expect(deriveStatus([...path, 'rate'])).toBe('returned');
  });

  it('refuses an action the table does not list, and says so', () => {
    expect(() => deriveStatus(['receive'])).toThrow(TransitionError);
    expect(() => next('returned', 'approve')).toThrow('approve is not allowed when the dossier is returned');
    expect(() => next('submitted', 'approve')).toThrow(TransitionError);
  });

  it('agrees with itself: every listed action applies, every unlisted one throws', () => {
    for (const status of STATUSES)
      for (const action of ACTIONS) {
        if (ALLOWED[status].includes(action)) expect(() => next(status, action)).not.toThrow();
        else expect(() => next(status, action)).toThrow(TransitionError);
      }
  });

  it('keeps the status on apologise and rate; terminal statuses allow nothing', () => {
    expect(next('in_process', 'apologise')).toBe('in_process');
    expect(next('finished', 'rate')).toBe('finished');
    for (const s of ['not_received', 'withdrawn', 'stopped'] as const) expect(ALLOWED[s]).toEqual([]);
  });

  it('lets the applicant withdraw only while the dossier is open', () => {
    for (const status of STATUSES)
      expect(ALLOWED[status].includes('withdraw')).toBe(OPEN_STATUSES.includes(status));
  });

  it('narrows by facts: rated once, approve at the last step, forward before it', () => {
    expect(allowedNow('returned', { rated: true, atLastStep: true })).toEqual([]);
    expect(allowedNow('in_process', { rated: false, atLastStep: false })).toContain('forward');
    expect(allowedNow('in_process', { rated: false, atLastStep: false })).not.toContain('approve');
    expect(allowedNow('in_process', { rated: false, atLastStep: true })).toContain('approve');
    expect(allowedNow('in_process', { rated: false, atLastStep: true })).not.toContain('forward');
  });
});
