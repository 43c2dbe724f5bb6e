import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fixedClock } from '../../../test/platform.ts';
import { addPerson, caller, multipart, officerCookie, PDF } from './testing.ts';

/**
 * Appointment dates through the API on a controlled clock (counter intake, so no e-ID sign-in is needed):
 * across Tết 2026, with a supplementation that pauses the clock, the swapped Saturday 10/1/2026, due-soon
 * and overdue flags in the queue, the apology letter with a new date, and receipt codes under concurrency.
 */
const clock = fixedClock('2026-02-13T09:00:00+07:00');
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let api: ReturnType<typeof caller>;
let officer: string;
let officerId: string;

/** Moves the clock; the officer signs in again (a session lasts one working day). */
async function at(time: string) {
  clock.set(time);
  const { session } = await ctx.platform.auth.redeemLink(
    await ctx.platform.auth.issueLink(officerId),
    'test',
  );
  officer = `citizen_session=${session}`;
}
const FORM = {
  relationship: 'Mẹ',
  childName: 'LÊ MINH AN',
  childBirthDate: '2026-02-10',
  childSex: 'Nam',
  childBirthPlace: 'Bệnh viện Đa khoa tỉnh Thanh Hóa',
  motherName: 'Lê Thị Hoa',
  applicantPhone: '0912000111',
};

beforeAll(async () => {
  ctx = await createTestApp({ clock });
  api = caller(ctx.app, ctx.platform.config.publicUrl);
  await addPerson(ctx.platform, 5101);
  const o = await officerCookie(ctx.platform, {
    jurisdiction: { level: 'commune', code: '14758' },
    roles: ['dossiers.receive', 'dossiers.process', 'dossiers.approve'],
  });
  officer = o.cookie;
  officerId = o.id;
}, 120_000);

afterAll(async () => ctx?.close());

const intake = () =>
  api(officer, 'POST', '/api/v1/one-stop/dossiers', {
    procedureCode: '1.001193',
    personalId: '038190005101',
    data: FORM,
  });
const act = (id: string, body: Record<string, unknown>) =>
  api(officer, 'POST', `/api/v1/one-stop/dossiers/${id}/actions`, body);
const inQueue = async (id: string) =>
  (
    (await api(officer, 'GET', '/api/v1/one-stop/queue?view=all')).json.items as Record<string, unknown>[]
  ).find((i) => i.id === id);

describe('working-day deadlines through the API', () => {
  it('skips Tết 2026, pauses for supplementation, flags due soon and overdue, and apologises with a new date', async () => {
    await at('2026-02-13T09:00:00+07:00'); // Friday before Tết; 1 working day for a birth registration
    const d = await intake();
    expect(d.status).toBe(201);
    const id = d.json.id as string;
    expect(d.json).toMatchObject({
      receivedOn: '2026-02-13',
      dueOn: '2026-02-23',
      dueSoon: true,
      overdue: false,
    });
    expect(d.json.receiptCode).toMatch(/-260213-0001$/);

    const asked = await act(id, { action: 'request_supplement', note: 'Thiếu giấy chứng sinh' });
    expect(asked.json).toMatchObject({ status: 'supplement_requested', paused: true, dueSoon: false });
    // While paused, nobody is late: Mon 23/2 passes without the dossier turning overdue.
    await at('2026-02-24T08:00:00+07:00');
    expect(await inQueue(id)).toMatchObject({ overdue: false, dueSoon: false, dueOn: '2026-02-25' });
    // The applicant brings the paper Tue 24/2 (recorded at the counter): 23 and 24/2 waited, Tết not counted.
    const back = await act(id, { action: 'supplement', note: 'Đã nộp bổ sung tại quầy' });
    expect(back.json).toMatchObject({
      status: 'in_process',
      dueOn: '2026-02-25',
      dueSoon: true,
      overdue: false,
    });

    await at('2026-02-26T09:00:00+07:00');
    expect(await inQueue(id)).toMatchObject({ overdue: true, dueSoon: false, dueOn: '2026-02-25' });
    const apologised = await act(id, {
      action: 'apologise',
      newDueOn: '2026-02-28',
      note: 'Xin lỗi vì chậm trễ',
    });
    // Saturday 28/2 is no working day: the new appointment is Monday 2/3; the status stays.
    expect(apologised.json).toMatchObject({ status: 'in_process', dueOn: '2026-03-02', overdue: false });
    expect((apologised.json.timeline as { action: string }[]).at(-1)?.action).toBe('apologise');
    const earlier = await act(id, { action: 'apologise', newDueOn: '2026-02-27', note: 'x' });
    expect(earlier.status).toBe(400);

    // A second supplementation request: the indicators count the dossier overdue (DOMAIN §5).
    await act(id, { action: 'request_supplement', note: 'Thiếu bản sao' });
    const facts = await sql<{ supplement_count: number; paused_days: number; apology_count: number }>`
      select supplement_count, paused_days, apology_count from dossiers.dossier where id = ${id}`.execute(
      ctx.platform.db,
    );
    expect(facts.rows[0]).toEqual({ supplement_count: 2, paused_days: 2, apology_count: 1 });
  });

  it('lets the one-stop scan paper components of a counter dossier (digitisation)', async () => {
    const d = await intake();
    const id = d.json.id as string;
    const body = multipart(
      { component: 'declaration' },
      { name: 'to-khai.pdf', type: 'application/pdf', content: PDF },
    );
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/one-stop/dossiers/${id}/documents`,
      headers: { cookie: officer, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    const facts = await sql<{ digitised_components: number }>`
      select digitised_components from dossiers.dossier where id = ${id}`.execute(ctx.platform.db);
    expect(facts.rows[0]?.digitised_components).toBe(1);
    const file = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/one-stop/dossiers/${id}/documents/${res.json().id}`,
      headers: { cookie: officer },
    });
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('counts Saturday 10/1/2026 (worked in exchange for Friday 2/1) as a working day', async () => {
    await at('2026-01-09T10:00:00+07:00');
    const d = await intake();
    expect(d.json).toMatchObject({ receivedOn: '2026-01-09', dueOn: '2026-01-10' });
    await at('2025-12-31T10:00:00+07:00');
    const e = await intake();
    expect(e.json).toMatchObject({ receivedOn: '2025-12-31', dueOn: '2026-01-05' });
  });

  it('sorts the queue by urgency: the earliest appointment first', async () => {
    await at('2026-01-12T09:00:00+07:00');
    const items = (await api(officer, 'GET', '/api/v1/one-stop/queue?view=all')).json.items as {
      dueOn: string;
    }[];
    const dates = items.map((i) => i.dueOn);
    expect(dates).toEqual([...dates].sort());
    expect(items[0]).toMatchObject({ dueOn: '2026-01-05', overdue: true });
  });

  it('gives concurrent intakes distinct, consecutive receipt codes, and never exhausts the pool', async () => {
    // Thirty at once against a pool of ten: each intake reads the registry and the catalogue besides its
    // transaction; the mutations must not hold every connection while waiting for one more.
    await at('2026-03-10T09:00:00+07:00');
    const all = await Promise.all(Array.from({ length: 30 }, () => intake()));
    expect(all.map((r) => r.status)).toEqual(Array(30).fill(201));
    const sequences = all.map((r) => Number(String(r.json.receiptCode).slice(-4))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(String(all[0]?.json.receiptCode)).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H56-260310-\d{4}$/);
  }, 60_000);

  it('remembers an Idempotency-Key for a day, then forgets it', async () => {
    await at('2026-03-16T09:00:00+07:00');
    const keyed = (key: string, data: Record<string, unknown>) =>
      api(
        officer,
        'POST',
        '/api/v1/one-stop/dossiers',
        { procedureCode: '1.001193', personalId: '038190005101', data },
        { 'idempotency-key': key },
      );
    const first = await keyed('key-of-the-day', FORM);
    expect(first.json).toMatchObject({ status: 'received' });
    const again = await keyed('key-of-the-day', FORM);
    expect(again.res.headers['idempotent-replayed']).toBe('true');
    expect(again.json.id).toBe(first.json.id);
    expect((await keyed('key-of-the-day', { ...FORM, childName: 'LÊ MINH ANH' })).json.code).toBe(
      'dossiers.idempotency_key_reused',
    );
    expect((await keyed('another-day-key', FORM)).status).toBe(201);

    // 25 hours later the key is free again: a new request with it makes a new dossier, and the other
    // expired keys are gone from the table.
    await at('2026-03-17T10:00:00+07:00');
    const later = await keyed('key-of-the-day', { ...FORM, childName: 'LÊ MINH ANH' });
    expect(later.status).toBe(201);
    expect(later.res.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json.id).not.toBe(first.json.id);
    const kept = await sql<{ key: string }>`select key from dossiers.idempotency order by key`.execute(
      ctx.platform.db,
    );
    expect(kept.rows.map((r) => r.key)).toEqual(['key-of-the-day']);
  });
});
