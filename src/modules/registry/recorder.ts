import { type CivilDate, toCivilDate } from '../../platform/calendar/index.ts';
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { errors } from './errors.ts';
import { project } from './history.ts';
import { addressesIn, required } from './inputs.ts';
import { actorRef, type Place, resolveAddress, within } from './jurisdiction.ts';
import { civilDate, earliestDay } from './partial-date.ts';
import { checkPersonalIdAgainst } from './personal-id.ts';
import { publicChanges } from './presenters.ts';
import { createStore, readResident, type StoredResident } from './store.ts';
import type { Actor, ChangeMeta, Changes, EventType, ResidentEvent, ResidentState } from './types.ts';

export const noResident = (id: string) => ({ vi: `Không có công dân ${id}.`, en: `No resident ${id}.` });

export interface EventSpec {
  type: EventType;
  /** Outbox topic, e.g. `registry.resident.moved`; none when the caller publishes a wider event. */
  topic?: string;
  /** Audit action, e.g. `registry.resident.move`. */
  action: string;
  meta: ChangeMeta;
  changes: Changes;
  relatedPerson?: string;
  /** Refuses the change for the person's present state (e.g. a deceased person cannot move). */
  guard?: (current: ResidentState) => void;
  /** A consequence of a change the actor was allowed to make (a spouse widowed by a death). */
  consequential?: boolean;
}

/**
 * Records domain changes. Every change runs in the caller's transaction and does all of: validate, append
 * the event, rewrite the current row from the history (checking its version), publish to the outbox and
 * write the audit row, so a failure anywhere leaves none of them (ARCHITECTURE §4.3).
 */
export function createRecorder(platform: Platform) {
  const today = () => toCivilDate(platform.clock.now());

  /** Effective dates are not in the future and not before birth (a record cannot predate its subject). */
  function checkEffectiveDate(date: CivilDate, state: ResidentState) {
    civilDate(date);
    if (date > today())
      throw errors.date_in_future({
        vi: `Ngày có hiệu lực ${date} ở sau ngày hôm nay.`,
        en: `The effective date ${date} is after today.`,
      });
    if (date < earliestDay(state.birthDate)) {
      throw errors.date_before_birth({
        vi: `Ngày có hiệu lực ${date} ở trước ngày sinh (${state.birthDate}).`,
        en: `The effective date ${date} is before the birth (${state.birthDate}).`,
      });
    }
  }

  function checkState(s: ResidentState) {
    checkPersonalIdAgainst(s.personalId, s);
    if (earliestDay(s.birthDate) > today())
      throw errors.date_in_future({
        vi: `Ngày sinh ${s.birthDate} ở sau ngày hôm nay.`,
        en: `Born ${s.birthDate}: after today.`,
      });
    if ((s.lifeStatus === 'deceased') !== (s.deathDate !== null)) {
      throw errors.invalid_date({
        vi: 'Chỉ người đã chết mới có ngày chết, và người đã chết phải có ngày chết.',
        en: 'A deceased person has a date of death, and only a deceased person.',
      });
    }
    if (s.deathDate !== null) checkEffectiveDate(s.deathDate, s);
  }

  /** Checks every address an event sets and returns the 2025 place of the resulting current address. */
  async function place(tx: Db, changes: Changes, state: ResidentState): Promise<Place> {
    for (const address of addressesIn(changes)) await resolveAddress(tx, address);
    return resolveAddress(tx, state.currentAddress);
  }

  function newEvent(actor: Actor, personalId: string, spec: EventSpec): ResidentEvent {
    return {
      id: newId(),
      personalId,
      type: spec.type,
      effectiveDate: spec.meta.effectiveDate,
      recordedAt: platform.clock.now(),
      legalBasis: required(spec.meta.legalBasis, () => errors.legal_basis_required()),
      actor: actorRef(actor),
      reason: spec.meta.reason?.trim() || null,
      relatedPerson: spec.relatedPerson ?? null,
      changes: spec.changes,
    };
  }

  async function announce(tx: Db, actor: Actor, spec: EventSpec, event: ResidentEvent) {
    if (spec.topic) {
      await platform.events.publish(tx, spec.topic, {
        personalId: event.personalId,
        eventId: event.id,
        type: event.type,
        effectiveDate: event.effectiveDate,
        relatedPerson: event.relatedPerson,
        changed: Object.keys(event.changes),
        changes: publicChanges(event.changes),
      });
    }
    await platform.audit.record(tx, {
      actor: actorRef(actor),
      action: spec.action,
      subjectPerson: event.personalId,
      legalBasis: event.legalBasis,
      details: {
        eventId: event.id,
        type: event.type,
        effectiveDate: event.effectiveDate,
        reason: event.reason,
      },
    });
  }

  /** The person, if the actor may see them; otherwise exactly as if they did not exist (§8.7). */
  async function visible(tx: Db, actor: Actor, personalId: string): Promise<StoredResident> {
    // Outside a transaction (a read such as a verification), concurrent reads share one statement.
    const found = tx.isTransaction
      ? await createStore(tx).resident(personalId)
      : await readResident(platform.pool, personalId);
    if (!found || !within(actor, found.place)) throw errors.resident_not_found(noResident(personalId));
    return found;
  }

  return {
    today,
    visible,

    /** A new person in the registry: the event that sets every attribute. */
    async register(tx: Db, actor: Actor, state: ResidentState, spec: EventSpec) {
      const store = createStore(tx);
      checkState(state);
      checkEffectiveDate(spec.meta.effectiveDate, state);
      const where = await place(tx, spec.changes, state);
      if (!within(actor, where)) {
        throw errors.outside_jurisdiction({
          vi: 'Nơi ở hiện tại nằm ngoài phạm vi quản lý của bạn.',
          en: 'The current address is outside your jurisdiction.',
        });
      }
      if (await store.resident(state.personalId)) {
        throw errors.already_registered({
          vi: `${state.personalId} đã có trong cơ sở dữ liệu.`,
          en: `${state.personalId} is already in the registry.`,
        });
      }
      const event = newEvent(actor, state.personalId, spec);
      await store.insertResident(state, where, event.recordedAt);
      await store.insertEvent(event);
      await announce(tx, actor, spec, event);
      return { state, version: 1 };
    },

    /** A change to a registered person: appended to the history, the current row folded again from it. */
    async apply(tx: Db, actor: Actor, personalId: string, spec: EventSpec) {
      civilDate(spec.meta.effectiveDate);
      const store = createStore(tx);
      const current = spec.consequential
        ? await store.resident(personalId)
        : await visible(tx, actor, personalId);
      if (!current) throw errors.resident_not_found(noResident(personalId));
      const { expectedVersion } = spec.meta;
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw errors.concurrent_change({
          vi: `Bạn đã xem phiên bản ${expectedVersion}; hồ sơ nay ở phiên bản ${current.version}.`,
          en: `Version ${expectedVersion} was read; the record is at ${current.version}.`,
        });
      }
      spec.guard?.(current.state);
      const history = await store.events(personalId);
      const registeredOn = history[0]?.effectiveDate;
      if (registeredOn && spec.meta.effectiveDate < registeredOn) {
        throw errors.date_before_registration({
          vi: `Ngày có hiệu lực ${spec.meta.effectiveDate} ở trước ngày hồ sơ bắt đầu (${registeredOn}).`,
          en: `The effective date ${spec.meta.effectiveDate} is before the record began (${registeredOn}).`,
        });
      }
      const event = newEvent(actor, personalId, spec);
      const next = project([...history, event]) as ResidentState;
      checkEffectiveDate(event.effectiveDate, next);
      checkState(next);
      const where = await place(tx, spec.changes, next);
      await store.insertEvent(event);
      if (!(await store.updateResident(next, where, current.version, event.recordedAt))) {
        throw errors.concurrent_change({
          vi: 'Hồ sơ vừa bị thay đổi trong lúc đang ghi thay đổi này.',
          en: 'The record was changed while this change was being made.',
        });
      }
      await announce(tx, actor, spec, event);
      return { state: next, version: current.version + 1 };
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
