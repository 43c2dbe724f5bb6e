import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { normalizeName } from '../../platform/text.ts';
import type { Audited } from './audited.ts';
import { errors } from './errors.ts';
import { actorRef, resolveAddress, within } from './jurisdiction.ts';
import { presentSummary } from './presenters.ts';
import type { Recorder } from './recorder.ts';
import { createStore, type Household } from './store.ts';
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

/** Households (hộ gia đình) and their members; each member's record notes the household it belongs to. */
export function createHouseholds(platform: Platform, recorder: Recorder, audited: Audited) {
  const transaction = <T>(work: (tx: Db) => Promise<T>) => platform.db.transaction().execute(work);

  async function visibleHousehold(tx: Db, actor: Actor, number: string): Promise<Household> {
    const household = await createStore(tx).household({ number });
    if (!household || !within(actor, household.place)) {
      throw errors.household_not_found(`No household ${number}.`);
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
        if (s.lifeStatus === 'deceased') throw errors.resident_deceased(`${s.personalId} is deceased.`);
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
    if (!within(actor, place)) throw errors.outside_jurisdiction('The address is outside your jurisdiction.');
    const store = createStore(tx);
    if (await store.household({ number: input.householdNumber })) {
      throw errors.household_number_taken(`Household number ${input.householdNumber} is in use.`);
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

  async function changed(tx: Db, actor: Actor, household: Household, change: string, legalBasis: string) {
    const members = await createStore(tx).members(household.id);
    await platform.events.publish(tx, 'registry.household.changed', {
      householdId: household.id,
      householdNumber: household.householdNumber,
      change,
      headPersonalId: household.headPersonalId,
      members: members.map((m) => ({ personalId: m.personal_id, relationToHead: m.relation_to_head })),
    });
    await platform.audit.record(tx, {
      actor: actorRef(actor),
      action: `registry.household.${change}`,
      legalBasis,
      details: { householdId: household.id, householdNumber: household.householdNumber },
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
        await changed(tx, actor, household, 'created', input.legalBasis);
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
        const household = await visibleHousehold(tx, actor, input.householdNumber);
        await join(tx, actor, household, input, 'household_joined', input);
        await changed(tx, actor, household, 'member_added', input.legalBasis);
        return present(tx, household);
      });
    },

    /** Some members leave a household to form a new one; the old head stays (he cannot split off himself). */
    async splitHousehold(actor: Actor, input: HouseholdSplit) {
      return transaction(async (tx) => {
        const from = await visibleHousehold(tx, actor, input.fromHouseholdNumber);
        const current = new Set((await createStore(tx).members(from.id)).map((m) => m.personal_id));
        const leaving = [{ personalId: input.headPersonalId, relationToHead: HEAD }, ...input.members];
        for (const m of leaving) {
          if (!current.has(m.personalId) || m.personalId === from.headPersonalId) {
            throw errors.not_a_member(
              `${m.personalId} is not a member who can leave household ${from.householdNumber}.`,
            );
          }
        }
        const household = await create(tx, actor, input);
        for (const member of leaving) await join(tx, actor, household, member, 'household_split', input);
        await changed(tx, actor, from, 'split', input.legalBasis);
        await changed(tx, actor, household, 'created', input.legalBasis);
        return present(tx, household);
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
