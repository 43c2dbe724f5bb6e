import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { normalizeName } from '../../platform/text.ts';
import type { Audited } from './audited.ts';
import { errors } from './errors.ts';
import { actorRef, resolveAddress, within } from './jurisdiction.ts';
import { presentSummary } from './presenters.ts';
import type { Recorder } from './recorder.ts';
import { createStore, HEAD_RELATIONS, type Household } from './store.ts';
import type { Actor, Address, ChangeMeta, EventType } from './types.ts';

const HEAD = 'head';

export interface NewHousehold extends Omit<ChangeMeta, 'expectedVersion'> {
  householdNumber: string;
  headPersonalId: string;
  address: Address;
}

export interface HouseholdSplit extends NewHousehold {
  /** The household the new one is split from (Law on Residence 2020 Art. 25: tách hộ). */
  fromHouseholdNumber: string;
  members: { personalId: string; relationToHead: string }[];
}

export interface HouseholdMerge extends Omit<ChangeMeta, 'expectedVersion'> {
  /** The household that takes the members in: it keeps its number, head and address. */
  intoHouseholdNumber: string;
  /** The household merged away: every living member moves, and it is closed on the effective date. */
  fromHouseholdNumber: string;
  /** Each moving member with their relation to the receiving household's head. */
  members: { personalId: string; relationToHead: string }[];
}

type HouseholdMeta = Omit<ChangeMeta, 'expectedVersion'>;
const HEAD_WORDS = new Set<string>(HEAD_RELATIONS);

/** Households (hộ gia đình) and their members; each member's record notes the household it belongs to. */
export function createHouseholds(platform: Platform, recorder: Recorder, audited: Audited) {
  const transaction = <T>(work: (tx: Db) => Promise<T>) => platform.db.transaction().execute(work);

  /** The household if the actor may see it (else as if absent); `change`: locked, and refused if closed. */
  async function visibleHousehold(tx: Db, actor: Actor, number: string, change = false): Promise<Household> {
    const household = await createStore(tx).household({ number }, change);
    if (!household || !within(actor, household.place)) {
      throw errors.household_not_found({ vi: `Không có hộ số ${number}.`, en: `No household ${number}.` });
    }
    if (change && household.dissolvedOn) {
      throw errors.household_dissolved({
        vi: `Hộ số ${number} đã được nhập vào hộ khác ngày ${household.dissolvedOn}.`,
        en: `Household ${number} was merged into another on ${household.dissolvedOn}.`,
      });
    }
    return household;
  }

  async function join(
    tx: Db,
    actor: Actor,
    household: Household,
    member: { personalId: string; relationToHead: string },
    type: EventType,
    meta: Omit<ChangeMeta, 'expectedVersion'>,
  ) {
    await recorder.apply(tx, actor, member.personalId, {
      type,
      action: 'registry.household.join',
      meta,
      changes: { householdId: household.id },
      guard: (s) => {
        if (s.lifeStatus === 'deceased')
          throw errors.resident_deceased({
            vi: `${s.personalId} đã chết.`,
            en: `${s.personalId} is deceased.`,
          });
      },
    });
    await createStore(tx).joinHousehold({
      id: newId(),
      householdId: household.id,
      personalId: member.personalId,
      relation: normalizeName(member.relationToHead),
      from: meta.effectiveDate,
    });
  }

  async function create(tx: Db, actor: Actor, input: NewHousehold): Promise<Household> {
    const place = await resolveAddress(tx, input.address);
    if (!within(actor, place))
      throw errors.outside_jurisdiction({
        vi: 'Địa chỉ nằm ngoài phạm vi quản lý của bạn.',
        en: 'The address is outside your jurisdiction.',
      });
    const store = createStore(tx);
    if (await store.household({ number: input.householdNumber })) {
      throw errors.household_number_taken({
        vi: `Số hộ ${input.householdNumber} đã được sử dụng.`,
        en: `Household number ${input.householdNumber} is in use.`,
      });
    }
    const household: Household = {
      id: newId(),
      householdNumber: input.householdNumber,
      headPersonalId: input.headPersonalId,
      address: {
        ...input.address,
        street: input.address.street ? normalizeName(input.address.street) : null,
      },
      place,
    };
    await store.insertHousehold(household, platform.clock.now());
    return household;
  }

  /**
   * The household's change for other modules (outbox) and the audit log: what changed, when it takes
   * effect, on which legal basis, by whom and why, and the members it has now.
   */
  async function changed(
    tx: Db,
    actor: Actor,
    household: Household,
    change: string,
    meta: HouseholdMeta,
    related: Record<string, string> = {},
  ) {
    const members = await createStore(tx).members(household.id);
    const what = {
      effectiveDate: meta.effectiveDate,
      legalBasis: meta.legalBasis,
      reason: meta.reason?.trim() || null,
      actor: actorRef(actor),
      ...related,
    };
    await platform.events.publish(tx, 'registry.household.changed', {
      householdId: household.id,
      householdNumber: household.householdNumber,
      change,
      ...what,
      headPersonalId: household.headPersonalId,
      members: members.map((m) => ({ personalId: m.personal_id, relationToHead: m.relation_to_head })),
    });
    await platform.audit.record(tx, {
      actor: actorRef(actor),
      action: `registry.household.${change}`,
      legalBasis: meta.legalBasis,
      details: {
        householdId: household.id,
        householdNumber: household.householdNumber,
        effectiveDate: meta.effectiveDate,
        reason: what.reason,
        ...related,
      },
    });
  }

  const present = async (tx: Db, household: Household) => {
    const store = createStore(tx);
    const members = [];
    for (const m of await store.members(household.id)) {
      const resident = await store.resident(m.personal_id);
      if (resident)
        members.push({
          ...presentSummary(resident.state),
          relationToHead: m.relation_to_head,
          since: m.from_date,
        });
    }
    return {
      id: household.id,
      householdNumber: household.householdNumber,
      headPersonalId: household.headPersonalId,
      address: household.address,
      dissolvedOn: household.dissolvedOn ?? null,
      members,
    };
  };

  return {
    /** A new household with its head; the household event announces it. */
    async createHousehold(actor: Actor, input: NewHousehold) {
      return transaction(async (tx) => {
        const household = await create(tx, actor, input);
        await join(
          tx,
          actor,
          household,
          { personalId: input.headPersonalId, relationToHead: HEAD },
          'household_joined',
          input,
        );
        await changed(tx, actor, household, 'created', input);
        return present(tx, household);
      });
    },

    /** A person joins a household, leaving the one they were in. */
    async addHouseholdMember(
      actor: Actor,
      input: Omit<ChangeMeta, 'expectedVersion'> & {
        householdNumber: string;
        personalId: string;
        relationToHead: string;
      },
    ) {
      return transaction(async (tx) => {
        const household = await visibleHousehold(tx, actor, input.householdNumber, true);
        await join(tx, actor, household, input, 'household_joined', input);
        await changed(tx, actor, household, 'member_added', input);
        return present(tx, household);
      });
    },

    /** Some members leave a household to form a new one; the old head stays (he cannot split off himself). */
    async splitHousehold(actor: Actor, input: HouseholdSplit) {
      return transaction(async (tx) => {
        const from = await visibleHousehold(tx, actor, input.fromHouseholdNumber, true);
        const current = new Set((await createStore(tx).members(from.id)).map((m) => m.personal_id));
        const leaving = [{ personalId: input.headPersonalId, relationToHead: HEAD }, ...input.members];
        for (const m of leaving) {
          if (!current.has(m.personalId) || m.personalId === from.headPersonalId) {
            throw errors.not_a_member({
              vi: `${m.personalId} không phải thành viên có thể tách khỏi hộ ${from.householdNumber}.`,
              en: `${m.personalId} is not a member who can leave household ${from.householdNumber}.`,
            });
          }
        }
        const household = await create(tx, actor, input);
        for (const member of leaving) await join(tx, actor, household, member, 'household_split', input);
        const related = {
          fromHouseholdNumber: from.householdNumber,
          toHouseholdNumber: household.householdNumber,
        };
        await changed(tx, actor, from, 'split', input, related);
        await changed(tx, actor, household, 'created', input, related);
        return present(tx, household);
      });
    },

    /**
     * Merges a household into another (nhập hộ; Law on Residence 2020 Art. 26 on updating residence
     * information — basis to confirm with the residence police): every living member of `from` joins
     * `into` with their new relation to its head, each record gets a `household_merged` event, and `from`
     * is closed on the effective date. The list must name exactly the living members of `from`.
     */
    async mergeHouseholds(actor: Actor, input: HouseholdMerge) {
      return transaction(async (tx) => {
        if (input.intoHouseholdNumber === input.fromHouseholdNumber) {
          throw errors.household_change_invalid({
            vi: 'Không thể nhập một hộ vào chính nó.',
            en: 'A household cannot be merged into itself.',
          });
        }
        // Locked in a fixed order, so two merges of the same pair cannot deadlock.
        const [first, second] = [input.intoHouseholdNumber, input.fromHouseholdNumber].sort();
        const locked = new Map<string, Household>();
        for (const number of [first, second] as string[])
          locked.set(number, await visibleHousehold(tx, actor, number, true));
        const into = locked.get(input.intoHouseholdNumber) as Household;
        const from = locked.get(input.fromHouseholdNumber) as Household;
        const store = createStore(tx);
        const living: string[] = [];
        for (const m of await store.members(from.id)) {
          if ((await store.resident(m.personal_id))?.state.lifeStatus !== 'deceased')
            living.push(m.personal_id);
        }
        const named = input.members.map((m) => m.personalId);
        const missing = living.filter((id) => !named.includes(id));
        const strangers = named.filter((id) => !living.includes(id));
        if (missing.length > 0 || strangers.length > 0 || new Set(named).size !== named.length) {
          const list = (label: string, ids: string[]) =>
            ids.length > 0 ? `; ${label} ${ids.join(', ')}` : '';
          throw errors.not_a_member({
            vi: `Hãy nêu mỗi thành viên còn sống của hộ ${from.householdNumber} một lần${list('thiếu', missing)}${list('không phải thành viên:', strangers)}.`,
            en: `Name each living member of household ${from.householdNumber} once${list('missing', missing)}${list('not members:', strangers)}.`,
          });
        }
        for (const m of input.members) {
          if (HEAD_WORDS.has(normalizeName(m.relationToHead).toLowerCase()))
            throw errors.household_change_invalid({
              vi: `${m.personalId} không thể là chủ hộ thứ hai của hộ ${into.householdNumber}.`,
              en: `${m.personalId} cannot be a second head of household ${into.householdNumber}.`,
            });
        }
        for (const member of input.members) await join(tx, actor, into, member, 'household_merged', input);
        await store.dissolveHousehold(from.id, input.effectiveDate);
        const related = {
          fromHouseholdNumber: from.householdNumber,
          toHouseholdNumber: into.householdNumber,
        };
        await changed(tx, actor, from, 'merged_away', input, related);
        await changed(tx, actor, into, 'merged', input, related);
        return present(tx, into);
      });
    },

    /** A household by its number, with its present members. */
    async searchByHousehold(actor: Actor, householdNumber: string, purpose: string | undefined) {
      return audited(actor, 'registry.household.view', purpose, async (tx) => {
        const household = await present(tx, await visibleHousehold(tx, actor, householdNumber));
        return {
          result: household,
          subjects: household.members.map((m) => m.personalId),
          details: { householdNumber },
        };
      });
    },
  };
}
