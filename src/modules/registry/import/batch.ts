import type pg from 'pg';
import type { Platform } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { copyRows } from '../population/load.ts';
import { HEAD_RELATION } from './csv-format.ts';
import { differences, type Existing, readExisting } from './existing.ts';
import { householdRejected, importReason, type Reason } from './reasons.ts';
import type { HouseholdRows, RowBuilder } from './rows.ts';
import type { ImportPerson } from './validate.ts';

export type ImportHousehold = ImportPerson[];
export interface Rejection {
  line: number;
  personalId: string;
  reasons: Reason[];
}
export interface BatchResult {
  imported: number;
  unchanged: number;
  rejected: Rejection[];
}

export const ACTOR = 'system:import';
export const legalBasis = (fileName: string) => `Nhập dữ liệu từ tệp ${fileName}`;

/** How a batch is written: in the caller's transaction, with the import's row builder and clock. */
export interface BatchContext {
  fileName: string;
  today: string;
  /** Builds the rows, sealing with the import's data key (far cheaper than a key per value). */
  rows: RowBuilder;
  /**
   * Compare with what the registry holds. False only in a bulk import into an empty registry: the file's
   * own duplicates (personal IDs, split households) are rejected before any batch, so no row can exist
   * (and the tables, emptied by `bulkLoad`, take COPY FREEZE).
   */
  checkExisting: boolean;
  /** Who imports (`officer:<id>`, or the command line): named by the outbox events. */
  actor?: string;
  /**
   * The previous batch's write on the same connection, when this batch was started before it ended (the
   * bulk import builds the next batch meanwhile): this batch's statements wait for it, so two batches'
   * statements never interleave, and none follow a failed one (its error, not "transaction aborted", is
   * the one reported).
   */
  turn?: Promise<unknown>;
}

/**
 * A batch of whole households, in the caller's transaction (one per batch, or the bulk import's one):
 * compares with what the registry holds (a person already there with the same data is unchanged, with
 * other data the household is rejected: the registry never overwrites) and COPYs the new people's rows
 * into the registry tables. Any error rolls the transaction back. `offload`: build the rows in the
 * builder's worker thread (a file of several batches).
 */
export async function writeBatch(
  platform: Platform,
  client: pg.PoolClient,
  households: ImportHousehold[],
  context: BatchContext,
  offload: boolean,
): Promise<BatchResult> {
  const result: BatchResult = { imported: 0, unchanged: 0, rejected: [] };
  const existing: Existing = context.checkExisting
    ? await readExisting(
        client,
        platform.sealer,
        households.map((h) => (h[0] as ImportPerson).householdNumber),
        households.flatMap((h) => h.map((p) => p.personalId)),
      )
    : { households: new Map(), people: new Map() };
  const now = platform.clock.now().toISOString();
  const toWrite: HouseholdRows[] = [];
  for (const household of households) {
    const known = existing.households.get((household[0] as ImportPerson).householdNumber);
    const head = household.find((p) => p.relationToHead === HEAD_RELATION) as ImportPerson;
    const conflicts = new Map<ImportPerson, Reason>();
    if (known && known.head !== head.personalId)
      conflicts.set(head, differs(`the household's head is ${known.head}`));
    for (const person of household) {
      const stored = existing.people.get(person.personalId);
      const changed = stored && differences(stored, person);
      if (changed && changed.length > 0) conflicts.set(person, differs(`differs in ${changed.join(', ')}`));
    }
    const first = [...conflicts.keys()][0];
    if (first) {
      for (const person of household) {
        const reason = conflicts.get(person) ?? householdRejected(first.line);
        result.rejected.push({ line: person.line, personalId: person.personalId, reasons: [reason] });
      }
      continue;
    }
    const householdId = known?.id ?? newId();
    const entry: HouseholdRows = { number: head.householdNumber, people: [] };
    if (!known) {
      const address = head.attributes.permanentAddress ?? head.attributes.currentAddress;
      entry.created = {
        id: householdId,
        head: head.personalId,
        address,
        place: head.permanentPlace ?? head.place,
      };
    }
    for (const person of household) {
      if (existing.people.has(person.personalId)) {
        result.unchanged++;
        continue;
      }
      const { personalId, attributes, place, relationToHead } = person;
      entry.people.push({ personalId, attributes, place, householdId, relationToHead, from: context.today });
      result.imported++;
    }
    toWrite.push(entry);
  }
  if (result.imported === 0) return result;
  const rowsContext = { now, legalBasis: legalBasis(context.fileName), actor: context.actor ?? ACTOR };
  const batch = await context.rows.build(toWrite, rowsContext, offload);
  await context.turn;
  await copyRows(client, batch, { freeze: !context.checkExisting });
  return result;
}

const differs = (detail: string) =>
  importReason('exists_with_different_data', `Already in the registry; ${detail}. Use a correction.`);
