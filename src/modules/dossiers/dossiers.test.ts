import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../../test/platform.ts';
import { demoOfficerLinks } from '../../officers.ts';
import { auditTrailOf } from '../../platform/audit/index.ts';
import { freePort } from '../../platform/net.ts';
import { createCatalogue } from '../procedures/index.ts';
import { addPerson, caller, multipart, officerCookie, PDF, signedInCitizen } from './testing.ts';

/**
 * The dossiers API end to end on real PostgreSQL: a citizen signed in with e-ID applies online with the
 * form pre-filled from the registry, uploads, submits; the commune's one-stop officer receives, requests a
 * supplement, the citizen answers, the officer approves and the citizen downloads the result. Around it:
 * idempotency, 409 with the allowed actions, the authorisation matrix and bad inputs.
 */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let base: string;
let api: ReturnType<typeof caller>;
let hoa: string; // citizen cookie (applicant)
let nam: string; // another citizen
let oneStop: { cookie: string; id: string }; // Phường Hàm Rồng one-stop officer, all three roles
let otherCommune: string;
let otherAgency: string;
let province: string;
let registryClerk: string;
let communeAgency: string;

const KHAI_SINH = '1.001193';
const FORM = {
  relationship: 'Mẹ',
  childName: 'LÊ MINH AN',
  childBirthDate: '2026-11-20',
  childSex: 'Nam',
  childBirthPlace: 'Bệnh viện Đa khoa tỉnh Thanh Hóa',
  motherName: 'Lê Thị Hoa',
};

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  ctx = await createTestApp({ env: { CITIZEN_PUBLIC_URL: base } });
  await ctx.app.listen({ port, host: '127.0.0.1' });
  api = caller(ctx.app, base);
  const p1 = await addPerson(ctx.platform, 4101);
  const p2 = await addPerson(ctx.platform, 4102);
  hoa = await signedInCitizen(ctx.platform, base, p1, '0912345678');
  nam = await signedInCitizen(ctx.platform, base, p2, '0912345679');
  const all = ['dossiers.receive', 'dossiers.process', 'dossiers.approve'] as const;
  oneStop = await officerCookie(ctx.platform, {
    jurisdiction: { level: 'commune', code: '14758' },
    roles: [...all],
    name: 'Nguyễn Thu Trang',
  });
  otherCommune = (
    await officerCookie(ctx.platform, { jurisdiction: { level: 'commune', code: '14797' }, roles: [...all] })
  ).cookie;
  otherAgency = (
    await officerCookie(ctx.platform, {
      jurisdiction: { level: 'province', code: '38' },
      roles: [...all],
      agency: '000.00.02.H56',
    })
  ).cookie;
  province = (
    await officerCookie(ctx.platform, { jurisdiction: { level: 'province', code: '38' }, roles: [...all] })
  ).cookie;
  registryClerk = (
    await officerCookie(ctx.platform, {
      jurisdiction: { level: 'commune', code: '14758' },
      roles: ['registry.read'],
    })
  ).cookie;
  const catalogue = createCatalogue(ctx.platform);
  const procedure = await catalogue.published(KHAI_SINH);
  communeAgency = (await catalogue.receivingAgency(procedure as NonNullable<typeof procedure>, '14758')).code;
}, 120_000);

afterAll(async () => ctx?.close());

async function draft(cookie = hoa, key?: string) {
  return api(
    cookie,
    'POST',
    '/api/v1/me/dossiers',
    { procedureCode: KHAI_SINH, communeCode: '14758' },
    key ? { 'idempotency-key': key } : {},
  );
}

async function upload(
  cookie: string,
  id: string,
  component: string,
  file = { name: 'to-khai.pdf', type: 'application/pdf', content: PDF },
) {
  const body = multipart({ component }, file);
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/me/dossiers/${id}/documents`,
    headers: { cookie, origin: base, 'content-type': body.contentType },
    payload: body.payload,
  });
  return { status: res.statusCode, json: res.json() as Record<string, unknown> };
}

/** A submitted dossier of Lê Thị Hoa, ready for the one-stop. */
async function submitted() {
  const d = await draft();
  const id = d.json.id as string;
  await api(hoa, 'PATCH', `/api/v1/me/dossiers/${id}`, { data: FORM });
  await upload(hoa, id, 'declaration');
  await upload(hoa, id, 'birthCertificate');
  const s = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/submit`);
  expect(s.status).toBe(200);
  return id;
}

const act = (cookie: string, id: string, body: Record<string, unknown>, key?: string) =>
  api(cookie, 'POST', `/api/v1/one-stop/dossiers/${id}/actions`, body, key ? { 'idempotency-key': key } : {});

describe('the whole path through the API', () => {
  it('applies pre-filled, submits, is received, supplemented, approved, and the result is downloaded', async () => {
    // A draft: the applicant's particulars come from the registry and e-ID, marked as such.
    const d = await draft();
    expect(d.status).toBe(201);
    const id = d.json.id as string;
    expect(d.json).toMatchObject({
      status: 'draft',
      statusCode: 0,
      receiptCode: null,
      agency: { code: communeAgency },
      procedure: { code: KHAI_SINH },
      data: {
        applicantName: 'Lê Thị Hoa',
        applicantBirthDate: '1990-03-08',
        applicantPersonalId: '038190004101',
        applicantPhone: '0912345678',
      },
      prefilled: {
        applicantName: 'registry.fullName',
        applicantPersonalId: 'registry.personalId',
        applicantPhone: 'identity.phone',
        applicantAddress: 'registry.currentAddress',
      },
      allowedActions: ['submit'],
    });
    expect(String((d.json.data as Record<string, string>).applicantAddress)).toContain('Hàm Rồng');
    // The read of the person's own record is audited as their own access.
    const trail = await auditTrailOf(ctx.platform.db, '038190004101');
    expect(
      trail.some((e) => e.action === 'registry.resident.own_prefill' && e.actor.startsWith('account:')),
    ).toBe(true);

    // Autosave: the citizen's fields are kept; a prefilled field is kept as the registry says.
    const saved = await api(hoa, 'PATCH', `/api/v1/me/dossiers/${id}`, {
      data: { ...FORM, applicantName: 'Tên Khác' },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.data).toMatchObject({ ...FORM, applicantName: 'Lê Thị Hoa' });

    // Submitting without the required components is refused with what is missing.
    const early = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/submit`);
    expect(early.status).toBe(400);
    expect(early.json.code).toBe('dossiers.missing_documents');

    const up = await upload(hoa, id, 'declaration');
    expect(up.status).toBe(201);
    expect(up.json).toMatchObject({
      component: 'declaration',
      mediaType: 'application/pdf',
      size: PDF.length,
    });
    expect((await upload(hoa, id, 'birthCertificate')).status).toBe(201);
    // Stored sealed: the bytes are not in the table in clear.
    const stored = await sql<{
      content_sealed: string;
    }>`select content_sealed from dossiers.document where dossier_id = ${id} limit 1`.execute(
      ctx.platform.db,
    );
    expect(stored.rows[0]?.content_sealed.startsWith('v1.')).toBe(true);

    const sub = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/submit`, undefined, {
      'idempotency-key': `submit-${id}`,
    });
    expect(sub.status).toBe(200);
    expect(sub.json.status).toBe('submitted');
    expect(sub.json.receiptCode).toMatch(
      new RegExp(`^${communeAgency.replace(/\./g, '\\.')}-\\d{6}-\\d{4}$`),
    );
    expect(sub.json.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const receipt = sub.json.receiptCode as string;

    // The one-stop officer of the commune sees it in the intake queue and receives it.
    const intake = await api(oneStop.cookie, 'GET', '/api/v1/one-stop/queue?view=intake');
    expect((intake.json.items as { id: string }[]).map((i) => i.id)).toContain(id);
    const seen = await api(oneStop.cookie, 'GET', `/api/v1/one-stop/dossiers/${id}`);
    expect(seen.json.allowedActions).toEqual(['receive', 'refuse_intake']);
    const received = await act(oneStop.cookie, id, { action: 'receive' });
    expect(received.status).toBe(200);
    expect(received.json).toMatchObject({
      status: 'received',
      statusCode: 2,
      workflow: { current: 'process' },
    });
    expect((await act(oneStop.cookie, id, { action: 'assign' })).json.handlerId).toBe(oneStop.id);

    // Supplement requested: the clock pauses; the citizen answers with a new file.
    const asked = await act(oneStop.cookie, id, {
      action: 'request_supplement',
      note: 'Bổ sung giấy chứng sinh rõ nét hơn',
    });
    expect(asked.json).toMatchObject({ status: 'supplement_requested', statusCode: 5, paused: true });
    const mine = await api(hoa, 'GET', `/api/v1/me/dossiers/${id}`);
    expect(mine.json.allowedActions).toEqual(['supplement', 'withdraw']);
    expect((await upload(hoa, id, 'birthCertificate')).status).toBe(201);
    const answered = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/supplement`, { note: 'Đã bổ sung' });
    expect(answered.json).toMatchObject({ status: 'in_process', paused: false });

    // Forward to approval, approve: the result is issued and downloadable by the applicant only.
    expect((await act(oneStop.cookie, id, { action: 'forward' })).json.workflow).toMatchObject({
      current: 'approve',
    });
    const approved = await act(oneStop.cookie, id, { action: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'finished', statusCode: 9 });
    const result = approved.json.result as { documentId: string; verifyUrl: string };
    expect(result.verifyUrl).toContain(result.documentId);
    const pdf = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/me/dossiers/${id}/result`,
      headers: { cookie: hoa },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The public verification of module documents: the downloaded PDF is the signed one; a changed one is not.
    const verify = (bytes: Buffer) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/documents/${result.documentId}/verify`,
        headers: { 'content-type': 'application/pdf' },
        payload: bytes,
      });
    const good = await verify(pdf.rawPayload);
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ valid: true });
    const changed = Buffer.from(pdf.rawPayload);
    changed[changed.length - 10] = (changed[changed.length - 10] as number) ^ 1;
    expect((await verify(changed)).json()).toMatchObject({ valid: false });
    expect((await api(nam, 'GET', `/api/v1/me/dossiers/${id}/result`)).status).toBe(404);

    const returned = await act(oneStop.cookie, id, { action: 'return_result' });
    expect(returned.json).toMatchObject({ status: 'returned', statusCode: 10, allowedActions: [] });
    const rated = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/rating`, {
      satisfied: true,
      comment: 'Nhanh',
    });
    expect(rated.json).toMatchObject({ rating: { satisfied: true, comment: 'Nhanh' }, allowedActions: [] });

    // The timeline lists every action; the public lookup shows the status and nothing personal.
    expect((rated.json.timeline as { action: string }[]).map((e) => e.action)).toEqual([
      'create',
      'submit',
      'receive',
      'assign',
      'request_supplement',
      'supplement',
      'forward',
      'approve',
      'return_result',
      'rate',
    ]);
    const pub = await api(undefined, 'GET', `/api/v1/public/dossiers/${receipt}`);
    expect(pub.status).toBe(200);
    expect(pub.json).toMatchObject({ receiptCode: receipt, status: 'returned', statusCode: 10 });
    expect(JSON.stringify(pub.json)).not.toMatch(/Hoa|038190004101|applicant/);

    // Facts for the Decision 766 indicators.
    const facts = await sql<
      Record<string, unknown>
    >`select channel, online, prefilled_used, eid_authenticated,
      electronic_result, digitised_components, supplement_count, rating_satisfied, finished_on, returned_on,
      store_used from dossiers.dossier where id = ${id}`.execute(ctx.platform.db);
    expect(facts.rows[0]).toMatchObject({
      channel: 'online',
      online: true,
      prefilled_used: true,
      eid_authenticated: true,
      electronic_result: true,
      digitised_components: 2,
      supplement_count: 1,
      rating_satisfied: true,
      store_used: true, // the result went into Hoa's document store
    });
    expect(facts.rows[0]?.finished_on).not.toBeNull();

    // Every status change went through the outbox, to the national-sync record and to the applicant.
    const outbox = await sql<{ n: number }>`select count(*)::int as n from platform.event
      where topic = 'dossiers.status_changed' and payload->>'dossierId' = ${id}`.execute(ctx.platform.db);
    expect(outbox.rows[0]?.n).toBe(7);
    const synced = await sql<{ status_code: number }>`select status_code from dossiers.sync_outbox
      where dossier_id = ${id} order by recorded_at`.execute(ctx.platform.db);
    expect(synced.rows.map((r) => r.status_code)).toEqual([1, 2, 4, 5, 4, 9, 10]);
    await ctx.platform.events.drain();
    const notices = await api(hoa, 'GET', '/api/v1/me/dossier-notices');
    expect((notices.json.items as { dossierId: string }[]).filter((n) => n.dossierId === id)).toHaveLength(7);
    // The SMS goes out beside the job.
    await vi.waitFor(async () => {
      const sms = await ctx.platform.notify.inbox(100);
      expect(sms.some((m) => m.to === '0912345678' && m.text.includes(receipt))).toBe(true);
    });
  });

  it('writes the applicant’s notice without waiting for the SMS gateway', async () => {
    const { notify } = ctx.platform;
    const send = notify.send;
    let sent = 0;
    notify.send = () => {
      sent++;
      return new Promise(() => {}); // a gateway that never answers
    };
    try {
      const id = await submitted();
      await ctx.platform.events.drain();
      await vi.waitFor(async () => {
        const notices = await api(hoa, 'GET', '/api/v1/me/dossier-notices');
        expect((notices.json.items as { dossierId: string }[]).some((n) => n.dossierId === id)).toBe(true);
      });
      expect(sent).toBeGreaterThan(0);
    } finally {
      notify.send = send;
    }
  });

  it('lists my dossiers, newest first, and never another person’s', async () => {
    const d = await draft(nam);
    const mine = await api(nam, 'GET', '/api/v1/me/dossiers');
    expect((mine.json.items as { id: string }[]).map((i) => i.id)).toEqual([d.json.id]);
    expect((await api(hoa, 'GET', '/api/v1/me/dossiers')).json.items).not.toContainEqual(
      expect.objectContaining({ id: d.json.id }),
    );
  });
});

describe('idempotency', () => {
  it('the same key twice yields one dossier and the same answer', async () => {
    const before = await api(hoa, 'GET', '/api/v1/me/dossiers');
    const first = await draft(hoa, 'draft-key-0001');
    const again = await draft(hoa, 'draft-key-0001');
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.res.headers['idempotent-replayed']).toBe('true');
    const after = await api(hoa, 'GET', '/api/v1/me/dossiers');
    expect((after.json.items as unknown[]).length).toBe((before.json.items as unknown[]).length + 1);
    // The same key from another person is theirs: a separate dossier.
    const other = await draft(nam, 'draft-key-0001');
    expect(other.json.id).not.toBe(first.json.id);
  });

  it('concurrent requests with one key make one action; a key reused for another request is refused', async () => {
    const id = await submitted();
    const [a, b] = await Promise.all([
      act(oneStop.cookie, id, { action: 'receive' }, 'receive-key-1'),
      act(oneStop.cookie, id, { action: 'receive' }, 'receive-key-1'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.json).toEqual(b.json);
    const receives = await sql<{ n: number }>`select count(*)::int as n from dossiers.action
      where dossier_id = ${id} and action = 'receive'`.execute(ctx.platform.db);
    expect(receives.rows[0]?.n).toBe(1);
    const reused = await act(oneStop.cookie, id, { action: 'assign' }, 'receive-key-1');
    expect(reused.status).toBe(422);
    expect(reused.json.code).toBe('dossiers.idempotency_key_reused');
  });
});

describe('409 with the allowed actions', () => {
  it('answers a disallowed transition with dossiers.action_not_allowed and what is allowed', async () => {
    const id = await submitted();
    const res = await act(oneStop.cookie, id, { action: 'approve' });
    expect(res.status).toBe(409);
    expect(res.res.headers['content-type']).toContain('application/problem+json');
    expect(res.json).toMatchObject({
      code: 'dossiers.action_not_allowed',
      allowed: ['receive', 'refuse_intake'],
    });
    // The citizen cannot rate before a result, nor submit twice.
    const again = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/submit`);
    expect(again.status).toBe(409);
    expect(again.json.allowed).toEqual(['withdraw']);
    // A withdrawn dossier allows nothing more.
    expect(
      (await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/withdraw`, { reason: 'Nộp nhầm' })).json.status,
    ).toBe('withdrawn');
    const late = await act(oneStop.cookie, id, { action: 'receive' });
    expect(late.status).toBe(409);
    expect(late.json.allowed).toEqual([]);
  });

  it('refusal at intake needs a reason; supplement request a note', async () => {
    const id = await submitted();
    const bare = await act(oneStop.cookie, id, { action: 'refuse_intake' });
    expect(bare.status).toBe(400);
    expect(bare.json.code).toBe('dossiers.invalid_action');
    const refused = await act(oneStop.cookie, id, {
      action: 'refuse_intake',
      reason: 'Không thuộc thẩm quyền',
    });
    expect(refused.json).toMatchObject({ status: 'not_received', statusCode: 3 });
  });
});

describe('authorisation matrix', () => {
  let id: string;
  beforeAll(async () => {
    id = await submitted();
  });

  it('an officer of another commune or agency neither sees nor acts: 404 like a missing dossier', async () => {
    for (const cookie of [otherCommune, otherAgency, registryClerk]) {
      const seen = await api(cookie, 'GET', `/api/v1/one-stop/dossiers/${id}`);
      expect(seen.status).toBe(404);
      expect(seen.json.code).toBe('dossiers.not_found');
      const acted = await act(cookie, id, { action: 'receive' });
      expect(acted.status).toBe(404);
      expect((await api(cookie, 'GET', `/api/v1/one-stop/dossiers/${id}/result`)).status).toBe(404);
    }
    for (const cookie of [otherCommune, otherAgency]) {
      const queue = await api(cookie, 'GET', '/api/v1/one-stop/queue?view=all');
      expect((queue.json.items as { id: string }[]).map((i) => i.id)).not.toContain(id);
    }
    const missing = await api(
      otherCommune,
      'GET',
      '/api/v1/one-stop/dossiers/00000000-0000-7000-8000-000000000000',
    );
    expect(missing.json.code).toBe('dossiers.not_found');
  });

  it('the commune officer and a province officer without an agency see it; a citizen sees only their own', async () => {
    expect((await api(oneStop.cookie, 'GET', `/api/v1/one-stop/dossiers/${id}`)).status).toBe(200);
    expect((await api(province, 'GET', `/api/v1/one-stop/dossiers/${id}`)).status).toBe(200);
    expect((await api(hoa, 'GET', `/api/v1/me/dossiers/${id}`)).status).toBe(200);
    for (const [method, url, body] of [
      ['GET', `/api/v1/me/dossiers/${id}`],
      ['PATCH', `/api/v1/me/dossiers/${id}`, { data: {} }],
      ['POST', `/api/v1/me/dossiers/${id}/withdraw`, { reason: 'x' }],
    ] as const) {
      const res = await api(nam, method, url, body);
      expect(res.status).toBe(404);
    }
    expect((await api(undefined, 'GET', `/api/v1/me/dossiers/${id}`)).status).toBe(401);
    expect((await api(undefined, 'GET', '/api/v1/one-stop/queue')).status).toBe(401);
    // A citizen session is no officer session, and the reverse.
    expect((await api(hoa, 'GET', `/api/v1/one-stop/dossiers/${id}`)).status).toBe(401);
    expect((await api(oneStop.cookie, 'GET', `/api/v1/me/dossiers/${id}`)).status).toBe(401);
  });

  it('keeps a draft the citizen’s own: no officer sees it before submission', async () => {
    const d = await draft();
    expect((await api(oneStop.cookie, 'GET', `/api/v1/one-stop/dossiers/${d.json.id}`)).status).toBe(404);
    expect((await act(oneStop.cookie, d.json.id as string, { action: 'submit' })).status).toBe(404);
  });

  it('needs the role of the action: a receiving clerk cannot approve', async () => {
    const clerk = await officerCookie(ctx.platform, {
      jurisdiction: { level: 'commune', code: '14758' },
      roles: ['dossiers.receive'],
    });
    const viewed = await api(clerk.cookie, 'GET', `/api/v1/one-stop/dossiers/${id}`);
    expect(viewed.json.allowedActions).toEqual(['receive', 'refuse_intake']);
    await act(clerk.cookie, id, { action: 'receive' });
    const forward = await act(clerk.cookie, id, { action: 'request_supplement', note: 'x' });
    expect(forward.status).toBe(403);
    expect((await api(clerk.cookie, 'GET', `/api/v1/one-stop/dossiers/${id}`)).json.allowedActions).toEqual(
      [],
    );
  });

  it('assigns only to an officer who processes dossiers of its commune, listed by name', async () => {
    const dossier = await submitted();
    await act(oneStop.cookie, dossier, { action: 'receive' });
    const commune = { level: 'commune', code: '14758' } as const;
    const colleague = await officerCookie(ctx.platform, {
      jurisdiction: commune,
      roles: ['dossiers.process'],
      name: 'Lê Văn Xử',
    });
    const clerk = await officerCookie(ctx.platform, { jurisdiction: commune, roles: ['dossiers.receive'] });
    const elsewhere = await officerCookie(ctx.platform, {
      jurisdiction: { level: 'commune', code: '14797' },
      roles: ['dossiers.process'],
    });

    const listed = await api(oneStop.cookie, 'GET', `/api/v1/one-stop/dossiers/${dossier}/handlers`);
    expect(listed.status).toBe(200);
    const ids = (listed.json as unknown as { id: string; name: string }[]).map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining([oneStop.id, colleague.id]));
    expect(ids).not.toContain(clerk.id);
    expect(ids).not.toContain(elsewhere.id);
    expect((await api(clerk.cookie, 'GET', `/api/v1/one-stop/dossiers/${dossier}/handlers`)).status).toBe(
      403,
    );
    expect((await api(otherCommune, 'GET', `/api/v1/one-stop/dossiers/${dossier}/handlers`)).status).toBe(
      404,
    );

    for (const handlerId of [elsewhere.id, clerk.id, '00000000-0000-7000-8000-000000000000']) {
      const refused = await act(oneStop.cookie, dossier, { action: 'assign', handlerId });
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe('dossiers.handler_not_found');
    }
    const assigned = await act(oneStop.cookie, dossier, { action: 'assign', handlerId: colleague.id });
    expect(assigned.json).toMatchObject({ handlerId: colleague.id, handlerName: 'Lê Văn Xử' });
    const queue = await api(colleague.cookie, 'GET', '/api/v1/one-stop/queue?view=mine');
    expect((queue.json.items as { id: string }[]).map((i) => i.id)).toContain(dossier);
  });

  it('counter intake: a walk-in found in the registry, received at once, in the officer’s own agency only', async () => {
    await addPerson(ctx.platform, 4103, '14797');
    const res = await api(
      oneStop.cookie,
      'POST',
      '/api/v1/one-stop/dossiers',
      {
        procedureCode: KHAI_SINH,
        personalId: '038190004103',
        data: { ...FORM, applicantPhone: '0987654321' },
      },
      { 'idempotency-key': 'counter-0001' },
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      status: 'received',
      channel: 'in_person',
      applicant: { personalId: '038190004103' },
      agency: { code: communeAgency },
    });
    const again = await api(
      oneStop.cookie,
      'POST',
      '/api/v1/one-stop/dossiers',
      {
        procedureCode: KHAI_SINH,
        personalId: '038190004103',
        data: { ...FORM, applicantPhone: '0987654321' },
      },
      { 'idempotency-key': 'counter-0001' },
    );
    expect(again.json.id).toBe(res.json.id);
    const unknown = await api(oneStop.cookie, 'POST', '/api/v1/one-stop/dossiers', {
      procedureCode: KHAI_SINH,
      personalId: '038190009999',
      data: FORM,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('dossiers.applicant_not_found');
    // Another commune's officer cannot file for Hàm Rồng's People's Committee.
    const foreign = await api(otherCommune, 'POST', '/api/v1/one-stop/dossiers', {
      procedureCode: KHAI_SINH,
      personalId: '038190004103',
      communeCode: '14758',
      data: FORM,
    });
    expect(foreign.status).toBe(403);
  });
});

describe('fees, payment and stopping', () => {
  it('requests the fee, records an online payment, and stops with a reason', async () => {
    const id = await submitted();
    await act(oneStop.cookie, id, { action: 'receive' });
    const bare = await act(oneStop.cookie, id, { action: 'request_payment' });
    expect(bare.status).toBe(400); // birth registration is free: an amount must be given
    const asked = await act(oneStop.cookie, id, { action: 'request_payment', amount: 8000 });
    expect(asked.json).toMatchObject({
      status: 'payment_requested',
      statusCode: 6,
      payment: { amount: 8000 },
    });
    expect(asked.json.allowedActions).toEqual(['record_payment', 'stop', 'apologise']);
    const paid = await act(oneStop.cookie, id, { action: 'record_payment', method: 'online' });
    expect(paid.json).toMatchObject({ status: 'in_process', payment: { amount: 8000, paidOnline: true } });
    expect((await act(oneStop.cookie, id, { action: 'stop' })).status).toBe(400);
    const stopped = await act(oneStop.cookie, id, { action: 'stop', reason: 'Hồ sơ không đủ điều kiện' });
    expect(stopped.json).toMatchObject({ status: 'stopped', statusCode: 8, allowedActions: [] });
  });

  it('keeps an officer’s own work in “mine”, and refuses the queue to officers without a one-stop role', async () => {
    const id = await submitted();
    await act(oneStop.cookie, id, { action: 'receive' });
    const before = await api(oneStop.cookie, 'GET', '/api/v1/one-stop/queue?view=mine');
    expect((before.json.items as { id: string }[]).map((i) => i.id)).not.toContain(id);
    await act(oneStop.cookie, id, { action: 'assign' });
    const after = await api(oneStop.cookie, 'GET', '/api/v1/one-stop/queue?view=mine');
    expect((after.json.items as { id: string }[]).map((i) => i.id)).toContain(id);
    expect((await api(registryClerk, 'GET', '/api/v1/one-stop/queue')).status).toBe(403);
    expect((await api(oneStop.cookie, 'GET', '/api/v1/one-stop/queue?view=soon')).status).toBe(400);
  });

  it('has demo officers: the Hàm Rồng one-stop sees the commune’s dossiers, the Department of Justice does not', async () => {
    const id = await submitted();
    const links = await demoOfficerLinks(ctx.platform, base);
    const cookieOf = async (name: string) => {
      const url = links.find((l) => l.name === name)?.url as string;
      const res = await ctx.app.inject({ method: 'GET', url: new URL(url).pathname });
      return String(res.headers['set-cookie']).split(';')[0] as string;
    };
    const hamRong = await cookieOf('Cán bộ Một cửa Phường Hàm Rồng (demo)');
    const justice = await cookieOf('Cán bộ Sở Tư pháp (demo)');
    expect((await api(hamRong, 'GET', `/api/v1/one-stop/dossiers/${id}`)).json.allowedActions).toEqual([
      'receive',
      'refuse_intake',
    ]);
    expect((await api(justice, 'GET', `/api/v1/one-stop/dossiers/${id}`)).status).toBe(404);
  });
});

describe('the personal document store', () => {
  it('keeps the results issued to me, and reuses one as a component of a new application', async () => {
    // The whole path above issued Hoa a signed result.
    const store = await api(hoa, 'GET', '/api/v1/me/documents');
    expect(store.status).toBe(200);
    const held = store.json as unknown as { id: string; kind: string; status: string }[];
    const result = held.find((x) => x.kind === 'procedure-result');
    expect(result).toMatchObject({ status: 'valid' });
    const documentId = (result as { id: string }).id;
    expect(((await api(nam, 'GET', '/api/v1/me/documents')).json as unknown as unknown[]).length).toBe(0);
    const pdf = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/me/documents/${documentId}/file`,
      headers: { cookie: hoa },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audited = await sql<{ n: number }>`select count(*)::int as n from platform.audit_log
      where action = 'documents.held.download' and details->>'document' = ${documentId}`.execute(
      ctx.platform.db,
    );
    expect(audited.rows[0]?.n).toBe(1);
    const foreign = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/me/documents/${documentId}/file`,
      headers: { cookie: nam },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await api(undefined, 'GET', '/api/v1/me/documents')).status).toBe(401);

    // A new application takes the earlier result from the store as a component.
    const d = await draft();
    const id = d.json.id as string;
    const taken = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/documents/from-store`, {
      component: 'declaration',
      documentId,
    });
    expect(taken.status).toBe(201);
    expect(taken.json).toMatchObject({ component: 'declaration', mediaType: 'application/pdf' });
    const facts = await sql<{ store_used: boolean; from_document: string }>`
      select d.store_used, c.from_document from dossiers.dossier d join dossiers.document c on c.dossier_id = d.id
       where d.id = ${id}`.execute(ctx.platform.db);
    expect(facts.rows).toEqual([{ store_used: true, from_document: documentId }]);

    // Someone else's document, an unknown component, a bad id: refused, nothing attached.
    const namDraft = (await draft(nam)).json.id as string;
    const stolen = await api(nam, 'POST', `/api/v1/me/dossiers/${namDraft}/documents/from-store`, {
      component: 'declaration',
      documentId,
    });
    expect(stolen.status).toBe(404);
    expect(stolen.json.code).toBe('documents.not_found');
    const unknown = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/documents/from-store`, {
      component: 'nothing',
      documentId,
    });
    expect(unknown.json.code).toBe('dossiers.unknown_component');
    expect(
      (
        await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/documents/from-store`, {
          component: 'x',
          documentId: 'x',
        })
      ).status,
    ).toBe(400);
    const count = await sql<{ n: number }>`select count(*)::int as n from dossiers.document
      where dossier_id in (${id}, ${namDraft})`.execute(ctx.platform.db);
    expect(count.rows[0]?.n).toBe(1);
  });
});

describe('feedback (phản ánh, kiến nghị)', () => {
  it('the applicant complains, the commune one-stop answers within 15 working days; others cannot', async () => {
    const id = await submitted();
    const filed = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/feedback`, {
      kind: 'complaint',
      text: 'Cán bộ hẹn trả kết quả nhưng tôi chưa nhận được thông báo nào.',
    });
    expect(filed.status).toBe(201);
    expect(filed.json).toMatchObject({ dossierId: id, kind: 'complaint', overdue: false, answer: null });
    // 15 working days later: at least three weeks on the calendar.
    const days =
      (Date.parse(filed.json.dueOn as string) - Date.parse(filed.json.receivedOn as string)) / 864e5;
    expect(days).toBeGreaterThanOrEqual(21);
    const feedbackId = filed.json.id as string;

    // Another person, a draft, another commune's officer: not found; bad bodies: 400.
    expect(
      (
        await api(nam, 'POST', `/api/v1/me/dossiers/${id}/feedback`, {
          kind: 'complaint',
          text: 'Không phải hồ sơ của tôi.',
        })
      ).status,
    ).toBe(404);
    const d = await draft();
    expect(
      (
        await api(hoa, 'POST', `/api/v1/me/dossiers/${d.json.id}/feedback`, {
          kind: 'suggestion',
          text: 'Góp ý cho bản nháp.',
        })
      ).status,
    ).toBe(404);
    for (const body of [
      { kind: 'complaint', text: 'ngắn' },
      { kind: 'praise', text: 'Một lời khen dài đủ.' },
      {},
    ])
      expect((await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/feedback`, body)).status).toBe(400);
    const elsewhere = await api(otherCommune, 'GET', '/api/v1/one-stop/feedback');
    expect((elsewhere.json as unknown as { id: string }[]).map((f) => f.id)).not.toContain(feedbackId);
    expect(
      (
        await api(otherCommune, 'POST', `/api/v1/one-stop/feedback/${feedbackId}/answer`, {
          answer: 'Trả lời từ xã khác.',
        })
      ).status,
    ).toBe(404);
    expect((await api(registryClerk, 'GET', '/api/v1/one-stop/feedback')).status).toBe(403);

    // The commune's one-stop sees it (audited) and answers once.
    const open = await api(oneStop.cookie, 'GET', '/api/v1/one-stop/feedback?view=open');
    expect(open.status).toBe(200);
    const listed = (open.json as unknown as { id: string; text: string }[]).find((f) => f.id === feedbackId);
    expect(listed?.text).toContain('chưa nhận được thông báo');
    const answer = { answer: 'Xin lỗi bà, bộ phận một cửa đã gửi lại tin nhắn và hẹn trả ngày mai.' };
    const answered = await api(
      oneStop.cookie,
      'POST',
      `/api/v1/one-stop/feedback/${feedbackId}/answer`,
      answer,
    );
    expect(answered.status).toBe(200);
    expect(answered.json).toMatchObject({
      answer: { text: answer.answer, by: 'Nguyễn Thu Trang' },
      overdue: false,
    });
    const again = await api(oneStop.cookie, 'POST', `/api/v1/one-stop/feedback/${feedbackId}/answer`, answer);
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('dossiers.feedback_answered');

    // The applicant reads the answer; nobody else's feedback is theirs.
    const mine = await api(hoa, 'GET', '/api/v1/me/feedback');
    expect(
      (mine.json as unknown as { id: string; answer: { text: string } }[]).find((f) => f.id === feedbackId)
        ?.answer.text,
    ).toBe(answer.answer);
    expect((await api(nam, 'GET', '/api/v1/me/feedback')).json).toEqual([]);
    const viewed = await sql<{ n: number }>`select count(*)::int as n from platform.audit_log
      where action = 'dossiers.feedback.view' and details->>'feedback' = ${feedbackId}`.execute(
      ctx.platform.db,
    );
    expect(viewed.rows[0]?.n).toBeGreaterThanOrEqual(1);
    // The text is sealed at rest.
    const stored = await sql<{
      t: string;
    }>`select text_sealed as t from dossiers.feedback where id = ${feedbackId}`.execute(ctx.platform.db);
    expect(stored.rows[0]?.t).not.toContain('thông báo');
  });
});

describe('bad inputs', () => {
  let id: string;
  beforeAll(async () => {
    id = (await draft()).json.id as string;
  });

  it('refuses files too large (413), of the wrong type (415) and non-multipart bodies (415)', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const tooLarge = await upload(hoa, id, 'declaration', {
      name: 'big.pdf',
      type: 'application/pdf',
      content: big,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.code).toBe('dossiers.file_too_large');
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const fake = await upload(hoa, id, 'declaration', {
      name: 'x.pdf',
      type: 'application/pdf',
      content: html,
    });
    expect(fake.status).toBe(415);
    expect(fake.json.code).toBe('dossiers.unsupported_file_type');
    const text = await upload(hoa, id, 'declaration', {
      name: 'x.txt',
      type: 'text/plain',
      content: Buffer.from('hi'),
    });
    expect(text.status).toBe(415);
    const json = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/documents`, { component: 'declaration' });
    expect(json.status).toBe(415);
    const unknown = await upload(hoa, id, 'nope');
    expect(unknown.status).toBe(400);
    expect(unknown.json.code).toBe('dossiers.unknown_component');
  });

  it('validates the form against the procedure’s JSON Schema at submission', async () => {
    await api(hoa, 'PATCH', `/api/v1/me/dossiers/${id}`, {
      data: { ...FORM, childSex: 'X', childBirthDate: 'hôm qua' },
    });
    await upload(hoa, id, 'declaration');
    await upload(hoa, id, 'birthCertificate');
    const res = await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/submit`);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('dossiers.invalid_form');
    const pointers = (res.json.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/data/childSex', '/body/data/childBirthDate']));
  });

  it('refuses malformed requests by schema', async () => {
    expect(
      (await api(hoa, 'POST', '/api/v1/me/dossiers', { procedureCode: KHAI_SINH, communeCode: 'abc' }))
        .status,
    ).toBe(400);
    expect(
      (await api(hoa, 'POST', '/api/v1/me/dossiers', { procedureCode: '9.999999', communeCode: '14758' }))
        .json.code,
    ).toBe('dossiers.procedure_not_found');
    // Without a commune, a commune-level dossier goes to the applicant's own commune.
    const own = await api(hoa, 'POST', '/api/v1/me/dossiers', { procedureCode: KHAI_SINH });
    expect(own.json).toMatchObject({ communeCode: '14758', agency: { code: communeAgency } });
    expect((await api(hoa, 'GET', '/api/v1/me/dossiers/not-a-uuid')).status).toBe(400);
    expect((await act(oneStop.cookie, id, { action: 'fly' })).status).toBe(400);
    expect((await api(hoa, 'POST', `/api/v1/me/dossiers/${id}/rating`, { satisfied: 'yes' })).status).toBe(
      400,
    );
    expect((await api(undefined, 'GET', '/api/v1/public/dossiers/khong-co')).status).toBe(400);
    expect((await api(undefined, 'GET', '/api/v1/public/dossiers/000.00.00.H56-260101-9999')).status).toBe(
      404,
    );
  });
});
