import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Platform } from '../../../platform/context.ts';
import type { Sealer } from '../../../platform/crypto.ts';
import { newId } from '../../../platform/ids.ts';
import { searchKey } from '../../../platform/text.ts';
import { toChanges } from '../inputs.ts';
import { dateParts } from '../partial-date.ts';
import { COLUMNS, copyLine } from '../population/rows.ts';
import { HEAD_RELATION } from './csv-format.ts';
import { differences, type Existing, readExisting } from './existing.ts';
import { householdRejected, importReason, type Reason } from './reasons.ts';
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

// One staging row per new person: the resident row, then what its event, membership and household need.
const STAGING_COLUMNS = [
  ...COLUMNS.resident,
  'other_names',
  'event_id',
  'changes',
  'member_id',
  'relation_to_head',
  'household_number',
  'new_household',
  'household_version',
  'household_commune',
  'household_street',
  'household_jurisdiction_commune',
  'household_jurisdiction_province',
];

/** How a batch is written: in the caller's transaction, with the import's sealer and clock. */
export interface BatchContext {
  fileName: string;
  today: string;
  /** Seals sensitive values: the import's data key (`sealWith`), far cheaper than a key per value. */
  sealer: Sealer;
  /**
   * Compare with what the registry holds. False only in a bulk import into an empty registry: the file's
   * own duplicates (personal IDs, split households) are rejected before any batch, so no row can exist.
   */
  checkExisting: boolean;
  /** Who imports (`officer:<id>`, or the command line): named by the outbox events. */
  actor?: string;
}

/**
 * A batch of whole households, in the caller's transaction (one per batch, or the bulk import's one):
 * compares with what the registry holds (a person already there with the same data is unchanged, with
 * other data the household is rejected: the registry never overwrites), COPYs the new people into a
 * staging table and moves them into the registry tables. Any error rolls the transaction back.
 */
export async function writeBatch(
  platform: Platform,
  client: pg.PoolClient,
  households: ImportHousehold[],
  context: BatchContext,
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
  const lines: string[] = [];
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
    for (const person of household) {
      if (existing.people.has(person.personalId)) {
        result.unchanged++;
        continue;
      }
      const isNewHead = !known && person === head;
      lines.push(stagingLine(context.sealer, person, { householdId, isNewHead, now }));
      result.imported++;
    }
  }
  if (lines.length > 0) await move(client, lines, { ...context, now });
  return result;
}

const differs = (detail: string) =>
  importReason('exists_with_different_data', `Already in the registry; ${detail}. Use a correction.`);

/** The person's staging line; the event's changes set every attribute, so `project` gives the row. */
function stagingLine(
  sealer: Sealer,
  person: ImportPerson,
  context: { householdId: string; isNewHead: boolean; now: string },
): string {
  const id = person.personalId;
  const changes = { ...toChanges(sealer, id, person.attributes), householdId: context.householdId };
  const a = person.attributes;
  const birth = dateParts(a.birthDate);
  const current = a.currentAddress;
  const permanent = a.permanentAddress;
  const home = permanent ?? current;
  const homePlace = person.permanentPlace ?? person.place;
  return copyLine([
    id,
    a.fullName,
    searchKey(a.fullName),
    birth.year,
    birth.month,
    birth.day,
    a.sex,
    changes.ethnicity ?? null,
    changes.religion ?? null,
    a.nationality,
    a.placeOfBirth,
    permanent?.version ?? null,
    permanent?.commune ?? null,
    permanent?.street ?? null,
    current.version,
    current.commune,
    current.street,
    person.place.commune,
    person.place.province,
    a.lifeStatus,
    a.maritalStatus,
    a.idCard?.issuedOn ?? null,
    a.idCard?.expiresOn ?? null,
    a.idCard?.authority ?? null,
    context.householdId,
    1,
    context.now,
    pgArray(a.otherNames),
    newId(),
    JSON.stringify(changes),
    newId(),
    person.relationToHead,
    person.householdNumber,
    String(context.isNewHead),
    home.version,
    home.commune,
    home.street,
    homePlace.commune,
    homePlace.province,
  ]);
}

/** A text[] literal: every element quoted, `"` and `\` escaped (copyLine then escapes for COPY). */
const pgArray = (items: string[]) =>
  `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

async function move(
  client: pg.PoolClient,
  lines: string[],
  context: { fileName: string; today: string; now: string; actor?: string },
) {
  // A bulk import writes several batches in one transaction: the previous batch's staging goes first.
  await client.query('drop table if exists import_staging');
  await client.query(
    `create temp table import_staging on commit drop as
       select ${COLUMNS.resident.join(', ')}, other_names from registry.resident with no data;
     alter table import_staging add column event_id uuid, add column changes jsonb, add column member_id uuid,
       add column relation_to_head text, add column household_number text, add column new_household boolean,
       add column household_version text, add column household_commune text, add column household_street text,
       add column household_jurisdiction_commune text, add column household_jurisdiction_province text`,
  );
  const copy = client.query(copyFrom(`copy import_staging (${STAGING_COLUMNS.join(', ')}) from stdin`));
  await pipeline(Readable.from(chunks(lines)), copy);
  const resident = COLUMNS.resident.join(', ');
  await client.query(
    `insert into registry.household (${COLUMNS.household.join(', ')})
       select household_id, household_number, personal_id, household_version, household_commune,
              household_street, household_jurisdiction_commune, household_jurisdiction_province, updated_at
         from import_staging where new_household`,
  );
  await client.query(
    `insert into registry.resident (${resident}, other_names) select ${resident}, other_names from import_staging`,
  );
  await client.query(
    `insert into registry.name_word (word)
       select distinct w from import_staging, unnest(string_to_array(search_key, ' ')) as w
     on conflict do nothing`,
  );
  await client.query(
    `insert into registry.resident_event (id, personal_id, type, effective_date, recorded_at, legal_basis, actor, changes)
       select event_id, personal_id, 'resident_registered', $1, updated_at, $2, $3, changes from import_staging`,
    [context.today, legalBasis(context.fileName), context.actor ?? ACTOR],
  );
  await client.query(
    `insert into registry.household_member (${COLUMNS.household_member.join(', ')})
       select member_id, household_id, personal_id, relation_to_head, $1 from import_staging`,
    [context.today],
  );
}

// COPY data in chunks of lines: one write per line would be thousands of tiny socket writes.
function* chunks(lines: string[], size = 2_000) {
  for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size).join('');
}
