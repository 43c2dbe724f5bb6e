import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCookie } from '../../../test/officers.ts';
import { createTestApp } from '../../../test/platform.ts';
import { withCheckDigit } from './gs1.ts';
import { DEMO, DEMO_GTINS, DEMO_MEMBERS, seedDemoTrace } from './seed.ts';

/** The business registry, certifications with validity, and members by e-ID (docs/trace.md). */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let registrar = '';
let authority = '';
let communeAdmin = '';
const managers: Record<string, string> = {};
const ids: Record<string, string> = {};
const API = '/api/v1/trace';

async function linkCookie(name: string) {
  const user = await ctx.platform.auth.findOfficerByName(name);
  if (!user) throw new Error(`no user ${name}`);
  const { session } = await ctx.platform.auth.redeemLink(await ctx.platform.auth.issueLink(user.id), 't');
  return `citizen_session=${session}`;
}

/** An active e-ID account at level 2 for a personal ID (what /register and activation leave behind). */
async function eIdAccount(personalId: string) {
  const id = randomUUID();
  await sql`insert into identity.account (id, personal_id, level, state, phone, created_at, updated_at)
    values (${id}, ${personalId}, 2, 'active', '0912345678', now(), now())`.execute(ctx.platform.db);
  return id;
}

/** What the identity module's web sign-in does after a level 2 e-ID sign-in of a linked account. */
async function eIdCookie(accountId: string) {
  const signed = await ctx.platform.auth.signInWithAccount(accountId, 't');
  if (!signed) throw new Error('no officer linked to the account');
  return `citizen_session=${signed.session}`;
}

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
) => ctx.app.inject({ method, url: `${API}${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

const registration = (over: Record<string, unknown> = {}) => ({
  enterpriseCode: '2809876543',
  name: '  Hợp tác xã  Rau an toàn Đông Sơn ',
  kinds: ['producer', 'retailer'],
  communeCode: DEMO.nem.communeCode,
  street: 'Thôn 3',
  companyPrefixes: ['8936077'],
  ...over,
});

beforeAll(async () => {
  ctx = await createTestApp();
  await seedDemoTrace(ctx.platform);
  for (const m of DEMO_MEMBERS) managers[m.business] = await linkCookie(m.name);
  for (const m of DEMO_MEMBERS) {
    const me = await ctx.app.inject({ url: `${API}/me`, headers: { cookie: managers[m.business] } });
    ids[m.business] = me.json().memberships[0].businessId;
  }
  registrar = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['platform.admin']))
    .cookie;
  authority = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, [])).cookie;
  communeAdmin = (await officerCookie(ctx.platform, { level: 'commune', code: '14797' }, ['platform.admin']))
    .cookie;
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

describe('registering businesses', () => {
  it('the registrar registers a business with several kinds; its GLN comes from its first prefix', async () => {
    const res = await call('POST', '/businesses', registrar, registration());
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b).toMatchObject({
      enterpriseCode: '2809876543',
      name: 'Hợp tác xã Rau an toàn Đông Sơn',
      kind: 'producer',
      kinds: ['producer', 'retailer'],
      status: 'active',
      companyPrefixes: ['8936077'],
      gln: withCheckDigit('893607700000'),
      place: { communeCode: DEMO.nem.communeCode, provinceCode: '38' },
      certifications: [],
    });
    ids.new = b.id;
    const me = await ctx.app.inject({ url: `${API}/me`, headers: { cookie: registrar } });
    expect(me.json()).toMatchObject({ authority: true, registrar: true, memberships: [] });
    const branch = await call(
      'POST',
      '/businesses',
      registrar,
      registration({
        enterpriseCode: '2809876543-001',
        companyPrefixes: [],
        gln: withCheckDigit('893607700001'),
      }),
    );
    expect(branch.statusCode).toBe(201);
  });

  it('answers bad codes, duplicates and unknown communes with stable codes', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ enterpriseCode: '28098765' }, 400, 'trace.invalid_enterprise_code'],
      [{ enterpriseCode: '2809876543-000' }, 400, 'trace.invalid_enterprise_code'],
      [{ enterpriseCode: '28098765AB' }, 400, 'trace.invalid_enterprise_code'],
      [{ enterpriseCode: '2809876543' }, 409, 'trace.business_exists'],
      [{ enterpriseCode: '2809876544', communeCode: '99999' }, 422, 'trace.unknown_commune'],
      [{ enterpriseCode: '2809876544', communeCode: '00004' }, 422, 'trace.unknown_commune'],
      [{ enterpriseCode: '2809876544', companyPrefixes: ['12345'] }, 400, 'trace.invalid_company_prefix'],
      [{ enterpriseCode: '2809876544', companyPrefixes: ['893607701'] }, 409, 'trace.prefix_taken'],
      [{ enterpriseCode: '2809876544', companyPrefixes: ['893601'] }, 409, 'trace.prefix_taken'],
      [{ enterpriseCode: '2809876544', companyPrefixes: [] }, 422, 'trace.gln_required'],
      [{ enterpriseCode: '2809876544', companyPrefixes: [], gln: '8936077000001' }, 400, 'trace.invalid_gln'],
      [{ enterpriseCode: '2809876544', companyPrefixes: [], gln: DEMO.mart.gln }, 409, 'trace.gln_taken'],
    ];
    for (const [over, status, code] of cases) {
      const res = await call('POST', '/businesses', registrar, registration(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(status);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().code, JSON.stringify(over)).toBe(code);
    }
    const badKind = await call('POST', '/businesses', registrar, registration({ kinds: ['farmer'] }));
    expect(badKind.statusCode).toBe(400);
    const noKind = await call('POST', '/businesses', registrar, registration({ kinds: [] }));
    expect(noKind.statusCode).toBe(400);
  });

  it('only the registrar registers, edits and suspends (authorisation matrix)', async () => {
    const body = registration({ enterpriseCode: '2809876599', companyPrefixes: ['8936078'] });
    const edit = { name: 'Đổi tên' };
    for (const [who, cookie, status] of [
      ['no session', '', 401],
      ['province officer without platform.admin', authority, 403],
      ['commune officer with platform.admin', communeAdmin, 403],
      ['business manager', managers.nem as string, 403],
    ] as const) {
      const post = await call('POST', '/businesses', cookie, body);
      expect(post.statusCode, who).toBe(status);
      const patch = await call('PATCH', `/businesses/${ids.new}`, cookie, edit);
      expect(patch.statusCode, who).toBe(status);
      const suspend = await call('POST', `/businesses/${ids.new}/status`, cookie, { status: 'suspended' });
      expect(suspend.statusCode, who).toBe(status);
      const list = await call('GET', '/businesses', cookie);
      expect(list.statusCode, who).toBe(who === 'province officer without platform.admin' ? 200 : status);
    }
    const missing = await call('PATCH', `/businesses/${randomUUID()}`, registrar, edit);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('trace.business_not_found');
  });

  it('edits a business: name, kinds, commune, prefixes; the enterprise code stays', async () => {
    const res = await call('PATCH', `/businesses/${ids.new}`, registrar, {
      name: 'HTX Rau an toàn Đông Sơn',
      kinds: ['processor'],
      companyPrefixes: ['8936077', '893607900'],
      communeCode: DEMO.mam.communeCode,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'HTX Rau an toàn Đông Sơn',
      kinds: ['processor'],
      kind: 'processor',
      companyPrefixes: ['8936077', '893607900'],
      gln: withCheckDigit('893607700000'),
      enterpriseCode: '2809876543',
      place: { communeCode: DEMO.mam.communeCode },
    });
    const bad = await call('PATCH', `/businesses/${ids.new}`, registrar, { communeCode: '99999' });
    expect(bad.json().code).toBe('trace.unknown_commune');
    const taken = await call('PATCH', `/businesses/${ids.new}`, registrar, { gln: DEMO.nem.gln });
    expect(taken.json().code).toBe('trace.gln_taken');
    const empty = await call('PATCH', `/businesses/${ids.new}`, registrar, {});
    expect(empty.statusCode).toBe(400);
    const code = await call('PATCH', `/businesses/${ids.new}`, registrar, { enterpriseCode: '2800000000' });
    expect(code.statusCode).toBe(400);
  });

  it('lists and searches the registry for the authority', async () => {
    const all = await call('GET', '/businesses?limit=100', authority);
    expect(all.json().total).toBe(7);
    const retailers = await call('GET', '/businesses?kind=retailer', authority);
    expect(retailers.json().items.map((b: { name: string }) => b.name)).toContain('Siêu thị Hạc Thành Mart');
    const found = await call('GET', `/businesses?q=${encodeURIComponent('nước mắm')}`, authority);
    expect(found.json().items).toHaveLength(1);
    expect(found.json().items[0]).toMatchObject({
      enterpriseCode: DEMO.mam.enterpriseCode,
      validCertifications: 2,
    });
    const byCode = await call('GET', '/businesses?q=2809876543', authority);
    expect(byCode.json().total).toBe(2);
  });

  it('a suspended business reads but writes nothing; scans warn; reinstating restores it', async () => {
    const gtin = DEMO_GTINS.nem.padStart(14, '0');
    const res = await call('POST', `/businesses/${ids.nem}/status`, registrar, {
      status: 'suspended',
      reason: 'Vi phạm điều kiện ATTP',
    });
    expect(res.json()).toMatchObject({ status: 'suspended', statusReason: 'Vi phạm điều kiện ATTP' });
    const me = await ctx.app.inject({ url: `${API}/me`, headers: { cookie: managers.nem } });
    expect(me.json().memberships[0].status).toBe('suspended');
    const read = await call('GET', `/businesses/${ids.nem}/products`, managers.nem as string);
    expect(read.statusCode).toBe(200);
    const write = await call(
      'POST',
      `/businesses/${ids.nem}/products/${gtin}/batches`,
      managers.nem as string,
      {
        lot: 'SUSP1',
      },
    );
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('trace.business_suspended');
    const scan = await ctx.app.inject({ url: `${API}/public/items?code=/01/${gtin}` });
    expect(scan.json().warnings.map((w: { kind: string }) => w.kind)).toContain('producer_suspended');
    const partners = await call('GET', `/businesses/${ids.mart}/partners`, managers.mart as string);
    expect(partners.json().items.map((p: { id: string }) => p.id)).not.toContain(ids.nem);
    await call('POST', `/businesses/${ids.nem}/status`, registrar, { status: 'active' });
    const again = await call(
      'POST',
      `/businesses/${ids.nem}/products/${gtin}/batches`,
      managers.nem as string,
      {
        lot: 'SUSP1',
      },
    );
    expect(again.statusCode).toBe(201);
  });
});

describe('certifications with validity', () => {
  let ocop = '';
  it('the registrar records certifications; their state follows their dates', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const add = (body: object) => call('POST', `/businesses/${ids.new}/certifications`, registrar, body);
    const current = await add({
      scheme: 'ocop',
      level: 4,
      number: 'OCOP-TH-2025-0001',
      issuer: 'UBND tỉnh Thanh Hóa',
      validFrom: '2025-01-01',
      validUntil: '2099-12-31',
    });
    expect(current.statusCode).toBe(201);
    expect(current.json()).toMatchObject({ status: 'valid', valid: true, level: 4 });
    ocop = current.json().id;
    const old = await add({
      scheme: 'vietgap',
      number: 'VG-01',
      issuer: 'Chi cục Trồng trọt',
      validFrom: '2020-01-01',
      validUntil: '2022-12-31',
    });
    expect(old.json()).toMatchObject({ status: 'expired', valid: false });
    const future = await add({
      scheme: 'organic',
      number: 'TCVN11041-9',
      issuer: 'Quacert',
      validFrom: '2098-01-01',
      validUntil: '2099-01-01',
    });
    expect(future.json().status).toBe('not_yet_valid');
    for (const [body, code] of [
      [
        { scheme: 'ocop', number: 'X', issuer: 'UBND', validFrom: today, validUntil: today },
        'trace.invalid_certification',
      ],
      [
        { scheme: 'vietgap', level: 4, number: 'X', issuer: 'UBND', validFrom: today, validUntil: today },
        'trace.invalid_certification',
      ],
      [
        {
          scheme: 'food_safety',
          number: 'X',
          issuer: 'Sở Y tế',
          validFrom: '2025-02-01',
          validUntil: '2025-01-01',
        },
        'trace.invalid_dates',
      ],
    ] as const) {
      const res = await add(body);
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe(code);
    }
    const unknownScheme = await add({
      scheme: 'iso',
      number: 'X',
      issuer: 'UBND',
      validFrom: today,
      validUntil: today,
    });
    expect(unknownScheme.statusCode).toBe(400);
    const byManager = await call('POST', `/businesses/${ids.nem}/certifications`, managers.nem as string, {
      scheme: 'vietgap',
      number: 'X',
      issuer: 'Tự khai',
      validFrom: today,
      validUntil: today,
    });
    expect(byManager.statusCode).toBe(403);
    const list = await call('GET', `/businesses/${ids.nem}/certifications`, managers.nem as string);
    expect(list.statusCode).toBe(200);
    const other = await call('GET', `/businesses/${ids.new}/certifications`, managers.nem as string);
    expect(other.statusCode).toBe(403);
  });

  it('withdrawing a certification shows it as withdrawn, also on the scan page', async () => {
    const mamCerts = (await call('GET', `/businesses/${ids.mam}/certifications`, registrar)).json().items;
    const cert = mamCerts.find((c: { scheme: string }) => c.scheme === 'ocop');
    const res = await call('POST', `/businesses/${ids.mam}/certifications/${cert.id}/withdrawal`, registrar, {
      reason: 'Thu hồi theo quyết định 12/QĐ-UBND',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', valid: false });
    const twice = await call(
      'POST',
      `/businesses/${ids.mam}/certifications/${cert.id}/withdrawal`,
      registrar,
      {
        reason: 'again',
      },
    );
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('trace.certification_withdrawn');
    const elsewhere = await call(
      'POST',
      `/businesses/${ids.nem}/certifications/${ocop}/withdrawal`,
      registrar,
      {
        reason: 'wrong business',
      },
    );
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().code).toBe('trace.certification_not_found');
    const gtin = DEMO_GTINS.mam.padStart(14, '0');
    const scan = await ctx.app.inject({ url: `${API}/public/items?code=/01/${gtin}` });
    const shown = scan.json().certifications.find((c: { id: string }) => c.id === cert.id);
    expect(shown).toMatchObject({ valid: false, status: 'withdrawn' });
    const page = await ctx.app.inject({ url: `/01/${gtin}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain('<span class="badge expired">đã bị thu hồi</span>');
  });
});

describe('members by role, signing in with e-ID', () => {
  const staffId = '038090001234';
  const managerId = '038090005678';
  let staffAccount = '';
  let staffUser = '';

  it('a manager adds staff by personal ID; the person signs in with e-ID and acts for the business', async () => {
    staffAccount = await eIdAccount(staffId);
    const res = await call('POST', `/businesses/${ids.mart}/members`, managers.mart as string, {
      personalId: staffId,
      name: 'Nguyễn Thị Thu',
      role: 'staff',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Nguyễn Thị Thu', role: 'staff', eId: true });
    expect(JSON.stringify(res.json())).not.toContain(staffId);
    staffUser = res.json().userId;
    const cookie = await eIdCookie(staffAccount);
    const me = await ctx.app.inject({ url: `${API}/me`, headers: { cookie } });
    expect(me.json()).toMatchObject({
      user: { name: 'Nguyễn Thị Thu' },
      authority: false,
      memberships: [{ businessId: ids.mart, role: 'staff' }],
    });
    // Staff check goods in, but do not manage members.
    const check = await call('POST', `/businesses/${ids.mart}/receiving-checks`, cookie, {
      code: `/01/${DEMO_GTINS.nem.padStart(14, '0')}/10/NC2501`,
    });
    expect(check.statusCode).toBe(200);
    const members = await call('GET', `/businesses/${ids.mart}/members`, cookie);
    expect(members.statusCode).toBe(403);
    // The same person added to a second business keeps one platform user.
    const second = await call('POST', `/businesses/${ids.new}/members`, registrar, {
      personalId: staffId,
      name: 'Nguyễn Thị Thu',
      role: 'manager',
    });
    expect(second.json().userId).toBe(staffUser);
    const both = await ctx.app.inject({ url: `${API}/me`, headers: { cookie } });
    expect(both.json().memberships).toHaveLength(2);
  });

  it('refuses people without an e-ID account, officers’ accounts, and non-managers', async () => {
    const none = await call('POST', `/businesses/${ids.mart}/members`, managers.mart as string, {
      personalId: '038090009999',
      name: 'Không Có Tài Khoản',
      role: 'staff',
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe('trace.no_eid_account');
    // An officer of the administration who also works for the business keeps their one sign-in.
    const officerAccount = await eIdAccount('038090007777');
    const officer = await ctx.platform.auth.addOfficer({
      name: 'Cán bộ xã',
      roles: ['registry.read'],
      jurisdiction: { level: 'commune', code: '14797' },
    });
    await ctx.platform.auth.linkAccount(officer.id, officerAccount);
    const both = await call('POST', `/businesses/${ids.mart}/members`, managers.mart as string, {
      personalId: '038090007777',
      name: 'Cán bộ xã',
      role: 'staff',
    });
    expect(both.statusCode, both.body).toBe(201);
    expect(both.json()).toMatchObject({ userId: officer.id, role: 'staff' });
    const { session } = (await ctx.platform.auth.signInWithAccount(officerAccount, 'test')) ?? {};
    const me = await ctx.app.inject({ url: `${API}/me`, headers: { cookie: `citizen_session=${session}` } });
    expect(me.json().memberships).toEqual([expect.objectContaining({ businessId: ids.mart, role: 'staff' })]);
    const badId = await call('POST', `/businesses/${ids.mart}/members`, managers.mart as string, {
      personalId: '12345',
      name: 'X Y',
      role: 'staff',
    });
    expect(badId.statusCode).toBe(400);
    for (const cookie of [managers.nem as string, authority, communeAdmin]) {
      const res = await call('POST', `/businesses/${ids.mart}/members`, cookie, {
        personalId: staffId,
        name: 'Nguyễn Thị Thu',
        role: 'manager',
      });
      expect(res.statusCode).toBe(403);
    }
    const anonymous = await call('GET', `/businesses/${ids.mart}/members`, '');
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists members (audited), removes them, and keeps the last manager', async () => {
    const list = await call('GET', `/businesses/${ids.mart}/members`, managers.mart as string);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { userId: string; role: string; eId: boolean; name: string }[];
    // The manager, the staff member and the officer who also works there.
    expect(items.map((m) => m.role).sort()).toEqual(['manager', 'staff', 'staff']);
    const audited = await sql<{ n: string }>`
      select count(*) as n from platform.audit_log where action = 'trace.members.read'`.execute(
      ctx.platform.db,
    );
    expect(Number(audited.rows[0]?.n)).toBeGreaterThan(0);
    const manager = items.find((m) => m.role === 'manager') as { userId: string };
    const last = await call(
      'DELETE',
      `/businesses/${ids.mart}/members/${manager.userId}`,
      managers.mart as string,
    );
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('trace.last_manager');
    // Demoting the last manager is refused too; naming a second manager first allows it.
    const managerAccount = await eIdAccount(managerId);
    await call('POST', `/businesses/${ids.mart}/members`, managers.mart as string, {
      personalId: managerId,
      name: 'Trần Văn Quản',
      role: 'manager',
    });
    const removed = await call(
      'DELETE',
      `/businesses/${ids.mart}/members/${staffUser}`,
      managers.mart as string,
    );
    expect(removed.statusCode).toBe(204);
    const gone = await call(
      'DELETE',
      `/businesses/${ids.mart}/members/${staffUser}`,
      managers.mart as string,
    );
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('trace.member_not_found');
    const staffCookie = await eIdCookie(staffAccount);
    const check = await call('POST', `/businesses/${ids.mart}/receiving-checks`, staffCookie, {
      code: `/01/${DEMO_GTINS.nem.padStart(14, '0')}/10/NC2501`,
    });
    expect(check.statusCode).toBe(403);
    const newManager = await eIdCookie(managerAccount);
    const first = await call('DELETE', `/businesses/${ids.mart}/members/${manager.userId}`, newManager);
    expect(first.statusCode).toBe(204);
    const me = (await ctx.app.inject({ url: `${API}/me`, headers: { cookie: newManager } })).json();
    const self = me.user.id as string;
    const demote = await call('POST', `/businesses/${ids.mart}/members`, newManager, {
      personalId: managerId,
      name: 'Trần Văn Quản',
      role: 'staff',
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('trace.last_manager');
    const selfRemove = await call('DELETE', `/businesses/${ids.mart}/members/${self}`, newManager);
    expect(selfRemove.json().code).toBe('trace.last_manager');
  });
});
