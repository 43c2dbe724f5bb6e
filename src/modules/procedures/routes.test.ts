import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCookie } from '../../../test/officers.ts';
import { createTestApp } from '../../../test/platform.ts';
import { SEED_PROCEDURES } from './seed-procedures.ts';
import type { ProcedureContent } from './types.ts';

/** The catalogue's HTTP API through inject() on real PostgreSQL: public reads, administration, refusals. */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let adminCookie: string;
let clerkCookie: string;

beforeAll(async () => {
  ctx = await createTestApp();
  adminCookie = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['procedures.admin']))
    .cookie;
  clerkCookie = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['dossiers.receive']))
    .cookie;
});
afterAll(async () => ctx?.close());

async function api(method: string, url: string, payload?: unknown, cookie?: string) {
  const res = await ctx.app.inject({
    method: method as 'GET',
    url,
    headers: { ...(cookie ? { cookie } : {}), 'accept-language': 'vi' },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return {
    status: res.statusCode,
    body: res.body ? res.json() : undefined,
    type: res.headers['content-type'],
  };
}
const content = (code: string) =>
  JSON.parse(JSON.stringify(SEED_PROCEDURES.find((p) => p.code === code)?.content)) as ProcedureContent;

describe('public catalogue', () => {
  it('finds "Đăng ký khai sinh" for "giay khai sinh" (no tone marks), ranked first', async () => {
    const res = await api('GET', '/api/v1/procedures?q=giay%20khai%20sinh');
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      level: 'commune',
      agency: null,
    });
    expect(res.body.items.map((p: { code: string }) => p.code)).toContain('2.000635');
    expect(res.body.items.map((p: { code: string }) => p.code).sort()).toEqual(['1.001193', '2.000635']);
    // Words in another order still find it.
    const reordered = await api('GET', '/api/v1/procedures?q=sinh%20khai');
    expect(reordered.body.items.map((p: { code: string }) => p.code)).toContain('1.001193');
  });

  it('searches keywords and English names, filters by level, and answers nothing for nonsense', async () => {
    const soDo = await api('GET', `/api/v1/procedures?q=${encodeURIComponent('sổ đỏ')}`);
    expect(soDo.body.items[0].code).toBe('1.012756');
    const lltp = await api('GET', '/api/v1/procedures?q=ly%20lich%20tu%20phap');
    expect(lltp.body.items[0]).toMatchObject({
      code: '2.001417',
      agency: { code: '000.00.02.H56', name: 'Sở Tư pháp tỉnh Thanh Hóa' },
    });
    const english = await api('GET', '/api/v1/procedures?q=birth%20registration');
    expect(english.body.items[0].code).toBe('1.001193');
    const province = await api('GET', '/api/v1/procedures?level=province&limit=100');
    expect(province.body.items).toHaveLength(4);
    const all = await api('GET', '/api/v1/procedures?limit=100');
    expect(all.body.items).toHaveLength(12);
    expect((await api('GET', '/api/v1/procedures?q=xqzw')).body.items).toEqual([]);
    expect((await api('GET', '/api/v1/procedures?limit=1000')).status).toBe(400);
  });

  it('shows a procedure page with channels, fees, components, form and workflow; 404 and 400 otherwise', async () => {
    const res = await api('GET', '/api/v1/procedures/2.001417');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: '2.001417',
      localCode: '2.001417.000.00.00.H56',
      version: 1,
      level: 'province',
      agency: { code: '000.00.02.H56' },
      onlineLevel: 'full',
    });
    expect(res.body.channels[0]).toEqual({
      channel: 'in_person',
      timeLimit: { amount: 10, unit: 'working_days' },
      fee: expect.objectContaining({ amount: 200_000 }),
    });
    expect(res.body.form.schema.properties.applicantName['x-prefill']).toBe('registry.fullName');
    expect(res.body.components[0].items[0]).toMatchObject({ key: 'declaration', originals: 1 });
    const missing = await api('GET', '/api/v1/procedures/9.999999');
    expect(missing).toMatchObject({ status: 404, body: { code: 'procedures.not_found' } });
    expect(missing.type).toContain('application/problem+json');
    expect((await api('GET', '/api/v1/procedures/khai-sinh')).status).toBe(400);
    const byId = await api('GET', `/api/v1/procedures/versions/${res.body.id}`);
    expect(byId.body).toEqual(res.body);
    const noVersion = await api('GET', '/api/v1/procedures/versions/01900000-0000-7000-8000-000000000000');
    expect(noVersion.body.code).toBe('procedures.version_not_found');
  });

  it('lists agencies by level and tone-insensitive name', async () => {
    const res = await api('GET', '/api/v1/agencies?level=commune&q=ham%20rong');
    expect(res.body.items).toEqual([
      {
        code: expect.stringMatching(/H56$/),
        name: 'Ủy ban nhân dân Phường Hàm Rồng',
        level: 'commune',
        communeCode: '14758',
      },
    ]);
    const province = await api('GET', '/api/v1/agencies?level=province');
    expect(province.body.items[0].code).toBe('000.00.00.H56');
    expect(province.body.items).toHaveLength(11);
    expect((await api('GET', '/api/v1/agencies/000.00.07.H56')).body.name).toBe('Sở Y tế tỉnh Thanh Hóa');
    expect((await api('GET', '/api/v1/agencies/000.00.99.H56')).body.code).toBe(
      'procedures.agency_not_found',
    );
  });
});

describe('administration', () => {
  it('needs a session (401), the role procedures.admin and a province jurisdiction (403)', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/v1/admin/procedures', undefined],
      ['POST', '/api/v1/admin/procedures', { code: '1.000001', content: content('1.001193') }],
      ['POST', '/api/v1/admin/procedures/1.001193/draft', undefined],
      ['PUT', '/api/v1/admin/procedures/1.001193/draft', content('1.001193')],
      ['POST', '/api/v1/admin/procedures/1.001193/publish', undefined],
      ['GET', '/api/v1/admin/procedures/1.001193/versions', undefined],
    ] as const) {
      expect((await api(method, url, body)).body.code, `${method} ${url}`).toBe('auth.unauthenticated');
      const clerk = await api(method, url, body, clerkCookie);
      expect(clerk.status, `${method} ${url}`).toBe(403);
      expect(clerk.body.code).toBe('auth.forbidden');
    }
    const commune = (
      await officerCookie(ctx.platform, { level: 'commune', code: '14758' }, ['procedures.admin'])
    ).cookie;
    const refused = await api('POST', '/api/v1/admin/procedures/1.001193/draft', undefined, commune);
    expect(refused).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect((await api('GET', '/api/v1/admin/procedures', undefined, commune)).status).toBe(403);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from procedures.version where status = 'draft'`.execute(ctx.platform.db);
    expect(rows[0]?.n).toBe(0);
  });

  it('creates, edits, validates and publishes a version; v1 stays readable by id', async () => {
    const list = await api('GET', '/api/v1/admin/procedures', undefined, adminCookie);
    expect(list.body.items).toHaveLength(12);
    expect(list.body.items.find((p: { code: string }) => p.code === '2.000720')).toMatchObject({
      published: { version: 1 },
      draft: null,
    });
    const v1 = (await api('GET', '/api/v1/procedures/2.000720')).body;

    const started = await api('POST', '/api/v1/admin/procedures/2.000720/draft', undefined, adminCookie);
    expect(started).toMatchObject({ status: 201, body: { version: 2, name: v1.name } });
    expect(
      (await api('POST', '/api/v1/admin/procedures/2.000720/draft', undefined, adminCookie)).body.code,
    ).toBe('procedures.draft_exists');

    const edited = content('2.000720');
    edited.channels = edited.channels.map((c) =>
      c.channel === 'in_person' ? { ...c, fee: { amount: 50_000, note: 'Theo Nghị quyết mới.' } } : c,
    );
    const saved = await api('PUT', '/api/v1/admin/procedures/2.000720/draft', edited, adminCookie);
    expect(saved.status).toBe(200);
    expect(saved.body.channels[0].fee.amount).toBe(50_000);
    // Citizens still see version 1 until publication.
    expect((await api('GET', '/api/v1/procedures/2.000720')).body.id).toBe(v1.id);

    const published = await api('POST', '/api/v1/admin/procedures/2.000720/publish', undefined, adminCookie);
    expect(published).toMatchObject({ status: 200, body: { version: 2, id: started.body.id } });
    const current = (await api('GET', '/api/v1/procedures/2.000720')).body;
    expect(current.version).toBe(2);
    expect(current.channels[0].fee.amount).toBe(50_000);
    const old = await api('GET', `/api/v1/procedures/versions/${v1.id}`);
    expect(old.body).toEqual(v1);
    expect(old.body.channels[0].fee.amount).toBe(100_000);

    const versions = await api('GET', '/api/v1/admin/procedures/2.000720/versions', undefined, adminCookie);
    expect(
      versions.body.items.map((v: { version: number; status: string }) => [v.version, v.status]),
    ).toEqual([
      [2, 'published'],
      [1, 'published'],
    ]);
    expect(versions.body.items[1].createdBy).toBe('platform');
    expect(versions.body.items[0].publishedBy).toMatch(/^Officer /);
    expect(
      (await api('POST', '/api/v1/admin/procedures/2.000720/publish', undefined, adminCookie)).body.code,
    ).toBe('procedures.no_draft');
    const audit = await sql<{ action: string }>`
      select action from platform.audit_log where action like 'procedures.%' order by id`.execute(
      ctx.platform.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'procedures.draft_started',
      'procedures.draft_updated',
      'procedures.published',
    ]);
  });

  it('adds a new procedure as a draft, refuses bad content with problem+json pointers, and discards', async () => {
    const fresh = content('1.001193');
    fresh.name = 'Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân';
    const created = await api(
      'POST',
      '/api/v1/admin/procedures',
      { code: '1.004884', content: fresh },
      adminCookie,
    );
    expect(created).toMatchObject({ status: 201, body: { code: '1.004884', version: 1 } });
    expect((await api('GET', '/api/v1/procedures/1.004884')).status).toBe(404);
    expect(
      (await api('POST', '/api/v1/admin/procedures', { code: '1.001193', content: fresh }, adminCookie)).body
        .code,
    ).toBe('procedures.exists');

    const bad = content('1.001193');
    bad.form.schema = {
      type: 'object',
      properties: { name: { type: 'text', 'x-prefill': 'registry.fullName' } },
    };
    bad.workflow = bad.workflow.map((s) => ({ ...s, share: 0.5 }));
    const refused = await api('PUT', '/api/v1/admin/procedures/1.004884/draft', bad, adminCookie);
    expect(refused.status).toBe(400);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.code).toBe('procedures.invalid');
    const pointers = refused.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toContain('/body/workflow');
    expect(pointers).toContain('/body/form/schema/properties/name/type');

    const checked = await api('POST', '/api/v1/admin/procedures/validate', bad, adminCookie);
    expect(checked.status).toBe(200);
    expect(checked.body.valid).toBe(false);
    expect(
      (await api('POST', '/api/v1/admin/procedures/validate', content('1.001776'), adminCookie)).body,
    ).toEqual({
      valid: true,
      errors: [],
    });
    const schemaless = await api(
      'PUT',
      '/api/v1/admin/procedures/1.004884/draft',
      { ...fresh, level: 'district' },
      adminCookie,
    );
    expect(schemaless.body.code).toBe('http.validation_failed');
    const unknownField = await api(
      'PUT',
      '/api/v1/admin/procedures/1.004884/draft',
      { ...fresh, secret: 1 },
      adminCookie,
    );
    expect(unknownField.status).toBe(400);

    expect(
      (await api('DELETE', '/api/v1/admin/procedures/1.004884/draft', undefined, adminCookie)).status,
    ).toBe(204);
    expect((await api('GET', '/api/v1/admin/procedures/1.004884', undefined, adminCookie)).status).toBe(404);
    expect(
      (await api('PUT', '/api/v1/admin/procedures/1.001776/draft', content('1.001776'), adminCookie)).body
        .code,
    ).toBe('procedures.no_draft');
    expect(
      (await api('POST', '/api/v1/admin/procedures/9.999999/draft', undefined, adminCookie)).body.code,
    ).toBe('procedures.not_found');
  });
});
