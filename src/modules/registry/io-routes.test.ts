import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCookie } from '../../../test/officers.ts';
import { captureLog, createTestApp } from '../../../test/platform.ts';
import { exportResidents } from './export/residents.ts';
import { provinceOfficer } from './fixtures.ts';
import { type FileRow, fileRowsOf, fileText } from './import/csv-files.ts';
import { CSV_COLUMNS } from './import/csv-format.ts';
import { generateHouseholds } from './population/generate.ts';

/** Bulk import and export over HTTP, as the officer console and an agency's script use them. */
type App = Awaited<ReturnType<typeof createTestApp>>;
let t: App;
const LIMIT = 1024 * 1024;
const purpose = 'Rà soát dữ liệu dân cư của xã trước khi chuyển hệ thống';
const households = [...generateHouseholds({ count: 1_500, seed: 5, province: '38' })];
// The commune with the most households in the population, and one other commune.
const byCommune = new Map<string, number>();
for (const h of households) byCommune.set(h.address.commune, (byCommune.get(h.address.commune) ?? 0) + 1);
const [COMMUNE, OTHER] = [...byCommune.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c) as [
  string,
  string,
];
const rows = fileRowsOf(households);
let officers: Record<
  'province' | 'commune' | 'other' | 'sensitive' | 'readOnly',
  { cookie: string; id: string }
>;

beforeAll(async () => {
  t = await createTestApp({ env: { CITIZEN_IMPORT_BODY_LIMIT: String(LIMIT) } });
  officers = {
    province: await officerCookie(t.platform, { level: 'province', code: '38' }),
    commune: await officerCookie(t.platform, { level: 'commune', code: COMMUNE }),
    other: await officerCookie(t.platform, { level: 'commune', code: OTHER }),
    sensitive: await officerCookie(t.platform, { level: 'province', code: '38' }, [
      'registry.read',
      'registry.write',
      'registry.sensitive',
    ]),
    readOnly: await officerCookie(t.platform, { level: 'province', code: '38' }, ['registry.read']),
  };
});
afterAll(() => t.close());

type Who = keyof typeof officers;
const upload = (
  app: App,
  who: Who | null,
  payload: string | Readable,
  headers: Record<string, string> = { 'content-type': 'text/csv' },
  query = '',
) =>
  app.app.inject({
    method: 'POST',
    url: `/api/v1/registry/imports${query}`,
    payload,
    headers: { ...(who ? { cookie: officers[who].cookie } : {}), ...headers },
  });
const download = (app: App, who: Who | null, commune: string, withPurpose = true) =>
  app.app.inject({
    method: 'GET',
    url: `/api/v1/registry/communes/${commune}/residents.csv${withPurpose ? `?purpose=${encodeURIComponent(purpose)}` : ''}`,
    headers: who ? { cookie: officers[who].cookie } : {},
  });
const audits = (action: string, actor?: string) =>
  t.platform.db
    .selectFrom('platform.audit_log')
    .selectAll()
    .where('action', '=', action)
    .$if(actor !== undefined, (q) => q.where('actor', '=', actor as string))
    .orderBy('seq')
    .execute();
const parsed = (text: string) => parse(text, { bom: true, columns: true }) as FileRow[];

describe('POST /api/v1/registry/imports', () => {
  it('refuses anonymous, read-only, non-CSV, non-UTF-8, oversized and empty uploads before importing anything', async () => {
    const text = fileText(rows.slice(0, 10));
    expect((await upload(t, null, text)).statusCode).toBe(401);
    expect((await upload(t, 'readOnly', text)).json().code).toBe('auth.forbidden');
    const json = await upload(t, 'province', JSON.stringify({ rows }), {
      'content-type': 'application/json',
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('http.unsupported_media_type');
    const form = await upload(t, 'province', text, { 'content-type': 'multipart/form-data; boundary=x' });
    expect(form.statusCode).toBe(415);
    const latin = await upload(t, 'province', text, { 'content-type': 'text/csv; charset=windows-1258' });
    expect(latin.statusCode).toBe(415);
    expect(latin.json().detail).toBe('The file must be UTF-8, not windows-1258.');
    const big = `${text}\n${'x'.repeat(LIMIT)}`;
    const oversized = await upload(t, 'province', big);
    expect(oversized.statusCode).toBe(413);
    expect(oversized.json().code).toBe('http.payload_too_large');
    expect(oversized.headers.connection).toBe('close');
    const empty = await upload(t, 'province', '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('registry.import_file_invalid');
    expect(await sql`select 1 from registry.resident`.execute(t.platform.db).then((r) => r.rows.length)).toBe(
      0,
    );
    // Only the empty file reached the import: its failed run is on record.
    const runs = await audits('registry.residents_imported');
    expect(runs.map((a) => a.details)).toEqual([
      {
        fileName: 'upload.csv',
        rows: 0,
        imported: 0,
        unchanged: 0,
        rejected: 0,
        stoppedAtLine: 1,
        failed: 'ImportFileError',
      },
    ]);
  });

  it('stops a streamed upload that grows past the limit without reading it to the end, and records the stop', async () => {
    // A chunked body announces no length: the limit is counted as the bytes arrive (a real server:
    // inject() buffers a stream and sends its length).
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const encoder = new TextEncoder();
    const header = `${CSV_COLUMNS.join(',')}\n`;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 64 * LIMIT) return controller.close();
        const chunk = sent === 0 ? header : `${'9'.repeat(12)},${'y'.repeat(6000)}\n`;
        sent += chunk.length;
        controller.enqueue(encoder.encode(chunk));
      },
    });
    const res = await fetch(`${url}/api/v1/registry/imports`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { cookie: officers.province.cookie, 'content-type': 'text/csv' },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toContain(`exceeds ${LIMIT} bytes`);
    expect(sent).toBeLessThan(64 * LIMIT); // the server did not read the whole upload
    expect(res.headers.get('connection')).toBe('close');
    const audit = (await audits('registry.residents_imported', `officer:${officers.province.id}`)).at(-1);
    expect(audit?.details).toMatchObject({ failed: 'http.payload_too_large', imported: 0 });
    expect(await sql`select 1 from registry.resident`.execute(t.platform.db).then((r) => r.rows.length)).toBe(
      0,
    );
  });

  it('refuses a file that is not the format as one problem with the line', async () => {
    const res = await upload(t, 'province', 'name,birth\nAn,1990\n', {
      'content-type': 'text/csv',
      'accept-language': 'en',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'registry.import_file_invalid' });
    expect(res.json().detail).toMatch(/^Line 1: The header does not match the import format: missing /);
    // In Vietnamese by default, like the title.
    const vi = await upload(t, 'province', 'name,birth\nAn,1990\n');
    expect(vi.json()).toMatchObject({ title: 'Tệp nhập không đúng định dạng' });
    expect(vi.json().detail).toMatch(/^Dòng 1: tệp không đúng định dạng \(The header does not match/);
  });

  it('a commune officer imports only rows of the commune; the rest is reported, never half a household', async () => {
    const mine = households.filter((h) => h.address.commune === COMMUNE).slice(0, 3);
    const foreign = households.find((h) => h.address.commune === OTHER && h.members.length > 1);
    const file = fileRowsOf([mine[0], foreign, ...mine.slice(1)].filter((h) => h !== undefined));
    const res = await upload(
      t,
      'commune',
      fileText(file),
      undefined,
      `?fileName=${encodeURIComponent('xã của tôi.csv')}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const report = res.json();
    const foreignLines = file.flatMap((r, i) =>
      r.household_number === foreign?.householdNumber ? [i + 2] : [],
    );
    expect(report).toMatchObject({
      fileName: 'xã của tôi.csv',
      rows: file.length,
      imported: file.length - foreignLines.length,
      unchanged: 0,
      rejectedRows: foreignLines.length,
    });
    // Every foreign row is out of the jurisdiction (none is merely dragged along by another).
    expect(report.rejected).toEqual(
      foreignLines.map((line) => ({
        line,
        personalId: file[line - 2]?.personal_id,
        reasons: [
          {
            code: 'registry.import.outside_jurisdiction',
            title: 'Địa chỉ hiện tại ngoài phạm vi quản lý của người nhập',
            detail: `Nơi ở hiện tại thuộc xã ${OTHER}, ngoài phạm vi quản lý của bạn.`,
          },
        ],
      })),
    );
    const [audit] = await audits('registry.residents_imported', `officer:${officers.commune.id}`);
    expect(audit).toMatchObject({ request_id: res.headers['x-request-id'] });
    expect(audit?.details).toEqual({
      fileName: 'xã của tôi.csv',
      rows: file.length,
      imported: file.length - foreignLines.length,
      unchanged: 0,
      rejected: foreignLines.length,
    });
    const actors = await sql<{ actor: string; legal_basis: string }>`
      select distinct actor, legal_basis from registry.resident_event
       where personal_id = any(${file.map((r) => r.personal_id)})`.execute(t.platform.db);
    expect(actors.rows).toEqual([
      { actor: `officer:${officers.commune.id}`, legal_basis: 'Nhập dữ liệu từ tệp xã của tôi.csv' },
    ]);
  });

  it('a province officer imports the province file; titles follow Accept-Language; a second run changes nothing', async () => {
    const file = rows.map((r) => ({ ...r }));
    (file[100] as FileRow).sex = 'x';
    const res = await upload(t, 'province', fileText(file), {
      'content-type': 'text/csv; charset=utf-8',
      'accept-language': 'en',
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    const bad = file[100] as FileRow;
    const sunk = file.flatMap((r, i) => (r.household_number === bad.household_number ? [i + 2] : []));
    expect(report.rejected.map((r: { line: number }) => r.line)).toEqual(sunk);
    expect(report.rejected.find((r: { line: number }) => r.line === 102).reasons).toEqual([
      {
        code: 'registry.import.invalid_sex',
        title: 'Invalid sex',
        detail: '"x" is not male, female, Nam or Nữ.',
      },
    ]);
    const already = file.filter((r) =>
      households.some((h) => h.address.commune === COMMUNE && h.householdNumber === r.household_number),
    );
    expect(report.unchanged).toBeGreaterThan(0);
    expect(report.imported + report.unchanged + report.rejectedRows).toBe(file.length);
    expect(report.unchanged).toBeLessThanOrEqual(already.length);

    const again = (await upload(t, 'province', fileText(file))).json();
    expect(again).toMatchObject({ imported: 0, unchanged: report.imported + report.unchanged });
    expect(again.rejected.map((r: { line: number }) => r.line)).toEqual(sunk);
  });

  it('does not tell a commune officer what the registry holds outside the commune', async () => {
    // A person of another commune, written into this commune with another name.
    const foreign = households.find((h) => h.address.commune === OTHER && h.members.length === 1);
    const mine = households.find((h) => h.address.commune === COMMUNE);
    expect(foreign && mine).toBeTruthy();
    const [row] = fileRowsOf([foreign as (typeof households)[number]]);
    const moved = {
      ...(row as FileRow),
      full_name: 'Tên Khác Hẳn',
      current_commune: COMMUNE,
      permanent_commune: COMMUNE,
      household_number: 'MOI-0001',
    };
    const report = (await upload(t, 'commune', fileText([moved]))).json();
    expect(report.rejected).toEqual([
      {
        line: 2,
        personalId: moved.personal_id,
        reasons: [
          {
            code: 'registry.import.exists_with_different_data',
            title: 'Đã có trong cơ sở dữ liệu với thông tin khác; hãy dùng thủ tục điều chỉnh',
            detail: 'Đã có trong cơ sở dữ liệu với thông tin khác.',
          },
        ],
      },
    ]);
    // The province officer is told which fields differ.
    const province = (await upload(t, 'province', fileText([moved]))).json();
    expect(province.rejected[0].reasons[0].detail).toBe(
      'Already in the registry; differs in fullName, currentAddress, permanentAddress, householdNumber. Use a correction.',
    );
  });
});

describe('GET /api/v1/registry/communes/:code/residents.csv', () => {
  it('refuses anonymous callers, a missing purpose, and another commune exactly like an unknown one', async () => {
    expect((await download(t, null, COMMUNE)).statusCode).toBe(401);
    const noPurpose = await download(t, 'commune', COMMUNE, false);
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().errors[0].pointer).toBe('/query/purpose');
    const other = await download(t, 'commune', OTHER);
    const unknown = await download(t, 'commune', '99999');
    expect(other.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({
      ...b,
      requestId: undefined,
      instance: undefined,
      detail: undefined,
    });
    expect(strip(other.json())).toEqual(strip(unknown.json()));
    expect(other.json().code).toBe('registry.commune_not_found');
    expect(await audits('registry.residents_exported', `officer:${officers.commune.id}`)).toHaveLength(0);
  });

  it('streams the commune’s residents in the import format, audits each person and the export, and re-imports unchanged', async () => {
    const res = await download(t, 'commune', COMMUNE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="cu-dan-${COMMUNE}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect(res.body.startsWith(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    const exported = parsed(res.body);
    const stored = await sql<{ personal_id: string }>`
      select personal_id from registry.resident where jurisdiction_commune = ${COMMUNE} and life_status = 'alive'`.execute(
      t.platform.db,
    );
    expect(exported.map((r) => r.personal_id).sort()).toEqual(stored.rows.map((r) => r.personal_id).sort());
    expect(exported.length).toBeGreaterThan(10);
    // Households contiguous, the head first; no sensitive data without the role.
    const seen = new Set<string>();
    exported.forEach((r, i) => {
      if (r.household_number !== exported[i - 1]?.household_number) {
        expect(seen.has(r.household_number)).toBe(false);
        seen.add(r.household_number);
        expect(r.relation_to_head).toBe('chủ hộ');
      }
      expect(r.ethnicity + r.religion).toBe('');
    });
    // The household page of an imported household (heads recorded as "chủ hộ") lists the head first,
    // even when another member has lived there longer.
    const family = exported.find((r, i) => r.household_number === exported[i + 1]?.household_number);
    await sql`update registry.household_member set from_date = '1990-01-01'
      where personal_id <> ${family?.personal_id} and household_id =
        (select household_id from registry.household_member where personal_id = ${family?.personal_id})`.execute(
      t.platform.db,
    );
    const page = await t.app.inject({
      method: 'GET',
      url: `/api/v1/registry/households/${family?.household_number}?purpose=${encodeURIComponent(purpose)}`,
      headers: { cookie: officers.commune.cookie },
    });
    const household = page.json() as { headPersonalId: string; members: { personalId: string }[] };
    expect(household.members.length).toBeGreaterThan(1);
    expect(household.members[0]?.personalId).toBe(household.headPersonalId);
    expect(household.headPersonalId).toBe(family?.personal_id);

    const actor = `officer:${officers.commune.id}`;
    const perPerson = await audits('registry.resident.export', actor);
    expect(perPerson.map((a) => a.subject_person).sort()).toEqual(exported.map((r) => r.personal_id).sort());
    expect(
      perPerson.every((a) => a.purpose === purpose && a.request_id === res.headers['x-request-id']),
    ).toBe(true);
    const [summary] = await audits('registry.residents_exported', actor);
    expect(summary?.details).toEqual({
      commune: COMMUNE,
      people: exported.length,
      complete: true,
      sensitive: false,
    });

    const again = (await upload(t, 'commune', res.body)).json();
    expect(again).toMatchObject({
      rows: exported.length,
      imported: 0,
      unchanged: exported.length,
      rejected: [],
    });
  });

  it('round-trips: an export imported into an empty registry exports the same file', async () => {
    const first = await download(t, 'sensitive', COMMUNE);
    const rowsOut = parsed(first.body);
    expect(rowsOut.some((r) => r.ethnicity !== '' && r.religion !== '')).toBe(true);
    expect(new Set(rowsOut.map((r) => r.marital_status)).size).toBeGreaterThan(1);

    const fresh = await createTestApp();
    try {
      const sensitive = await officerCookie(fresh.platform, { level: 'province', code: '38' }, [
        'registry.read',
        'registry.write',
        'registry.sensitive',
      ]);
      const imported = await fresh.app.inject({
        method: 'POST',
        url: '/api/v1/registry/imports',
        payload: first.body,
        headers: { cookie: sensitive.cookie, 'content-type': 'text/csv' },
      });
      expect(imported.json()).toMatchObject({ imported: rowsOut.length, rejected: [] });
      const second = await fresh.app.inject({
        method: 'GET',
        url: `/api/v1/registry/communes/${COMMUNE}/residents.csv?purpose=${encodeURIComponent(purpose)}`,
        headers: { cookie: sensitive.cookie },
      });
      expect(second.body).toBe(first.body);
    } finally {
      await fresh.close();
    }
  });
});

describe('bulk files and the audit and logs', () => {
  it('an export stopped by its reader keeps the audit of what was handed out and says it is incomplete', async () => {
    const exported = await exportResidents(t.platform, provinceOfficer, {
      commune: COMMUNE,
      purpose,
      batchSize: 5,
    });
    const header = await exported.chunks.next();
    expect(header.value).toContain('personal_id,full_name');
    const first = await exported.chunks.next();
    expect((first.value as string).split('\r\n').filter(Boolean)).toHaveLength(5);
    await exported.chunks.return();
    expect(await exported.done).toEqual({ people: 5, complete: false });
    const perPerson = await audits('registry.resident.export', 'officer:p1');
    expect(perPerson).toHaveLength(5);
    const [summary] = await audits('registry.residents_exported', 'officer:p1');
    expect(summary?.details).toEqual({ commune: COMMUNE, people: 5, complete: false, sensitive: false });
  });

  it('writes no personal data to the logs while importing and exporting', async () => {
    const logs = captureLog();
    const logged = await createTestApp({ logLines: logs });
    try {
      const cookie = (await officerCookie(logged.platform, { level: 'province', code: '38' })).cookie;
      const file = rows.slice(0, 300).map((r) => ({ ...r }));
      (file[3] as FileRow).sex = 'x';
      const res = await logged.app.inject({
        method: 'POST',
        url: '/api/v1/registry/imports?fileName=dan-cu.csv',
        payload: fileText(file),
        headers: { cookie, 'content-type': 'text/csv' },
      });
      expect(res.json().rejectedRows).toBeGreaterThan(0);
      const csv = await logged.app.inject({
        method: 'GET',
        url: `/api/v1/registry/communes/${file[0]?.current_commune}/residents.csv?purpose=${encodeURIComponent(purpose)}`,
        headers: { cookie },
      });
      expect(csv.statusCode).toBe(200);
      await logged.app.inject({
        method: 'POST',
        url: '/api/v1/registry/imports',
        payload: 'personal_id\n038199000123\n',
        headers: { cookie, 'content-type': 'text/csv' },
      });
      expect(logs.lines.length).toBeGreaterThan(0);
      const text = logs.lines.join('\n');
      for (const row of file) {
        expect(text).not.toContain(row.personal_id);
        expect(text).not.toContain(row.full_name);
      }
      expect(text).not.toContain('038199000123');
    } finally {
      await logged.close();
    }
  });
});
