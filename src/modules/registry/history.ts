import type { CivilDate } from '../../platform/calendar/index.ts';
import type { ResidentEvent, ResidentState } from './types.ts';

/** Events in the order they take effect: by effective date, then by when they were recorded. */
export function byEffect(a: ResidentEvent, b: ResidentEvent): number {
  if (a.effectiveDate !== b.effectiveDate) return a.effectiveDate < b.effectiveDate ? -1 : 1;
  return a.recordedAt.getTime() - b.recordedAt.getTime() || (a.id < b.id ? -1 : 1);
}

/**
 * Folds a person's events into their record. The current row is this fold over all events, and the record
 * as of a date is the fold over those effective by then, so a correction recorded today of an earlier
 * date applies from that date on, and a later event setting the same attribute still wins after it.
 * Undefined when no event is effective yet (the person was not in the registry).
 */
export function project(events: ResidentEvent[], asOf?: CivilDate): ResidentState | undefined {
  let state: Partial<ResidentState> | undefined;
  for (const event of [...events].sort(byEffect)) {
    if (asOf !== undefined && event.effectiveDate > asOf) break;
    state = { ...state, ...event.changes, personalId: event.personalId };
  }
  return state as ResidentState | undefined;
}
