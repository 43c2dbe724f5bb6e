/**
 * A resident import file for the benchmark: `count` synthetic people (the registry's own generator, a seed
 * of its own) written in the import format (src/modules/registry/import/csv-format.ts), households
 * contiguous, every row valid.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { CSV_COLUMNS, HEAD_RELATION } from '../src/modules/registry/import/csv-format.ts';
import { generateHouseholds } from '../src/modules/registry/population/generate.ts';

const field = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export async function writeResidentsCsv(file: string, count: number, seed: number): Promise<number> {
  const out = createWriteStream(file);
  let rows = 0;
  let chunk = `${CSV_COLUMNS.join(',')}\n`;
  for (const h of generateHouseholds({ count, seed, province: '38' })) {
    for (const m of h.members) {
      const row: Record<(typeof CSV_COLUMNS)[number], string> = {
        personal_id: m.personalId,
        full_name: m.fullName,
        other_names: '',
        birth_date: m.birthDate,
        sex: m.sex === 'male' ? 'Nam' : 'Nữ',
        ethnicity: m.ethnicity,
        religion: m.religion,
        nationality: 'Việt Nam',
        place_of_birth: m.placeOfBirth,
        current_version: h.address.version,
        current_commune: h.address.commune,
        current_street: h.address.street ?? '',
        permanent_version: h.address.version,
        permanent_commune: h.address.commune,
        permanent_street: h.address.street ?? '',
        household_number: h.householdNumber,
        relation_to_head: m.relationToHead === 'head' ? HEAD_RELATION : m.relationToHead,
        id_card_issued_on: m.idCard?.issuedOn ?? '',
        id_card_expires_on: m.idCard?.expiresOn ?? '',
        id_card_authority: m.idCard?.authority ?? '',
      };
      chunk += `${CSV_COLUMNS.map((c) => field(row[c])).join(',')}\n`;
      rows++;
    }
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return rows;
}
