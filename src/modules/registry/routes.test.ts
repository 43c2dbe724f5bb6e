import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCookie } from '../../../test/officers.ts';
import { createTestApp } from '../../../test/platform.ts';
import { at, HAC_THANH, HAM_RONG, person, provinceOfficer } from './fixtures.ts';
import { createRegistry } from './service.ts';

/** The registry over HTTP as the officer console and agency systems use it: sessions, purpose, jurisdiction. */
let t: Awaited<ReturnType<typeof createTestApp>>;
const hamRongResident = person({ serial: 501, fullName: 'Nguyễn Văn Đức', ethnicity: 'Mường' });
const hacThanhResident = person({
  serial: 502,
  fullName: 'Trần Thị Bình',
  sex: 'female',
  currentAddress: at(HAC_THANH),
});
const purpose = 'Giải quyết hồ sơ đăng ký thường trú số 2026-123';
let officers: Record<'hamRong' | 'province' | 'sensitive' | 'readOnly', { cookie: string; id: string }>;

beforeAll(async () => {
  t = await createTestApp();
  const registry = createRegistry(t.platform);
  await registry.registerResident(provinceOfficer, hamRongResident);
  await registry.registerResident(provinceOfficer, hacThanhResident);
  officers = {
    hamRong: await officerCookie(t.platform, { level: 'commune', code: HAM_RONG }),
    province: await officerCookie(t.platform, { level: 'province', code: '38' }),
    sensitive: await officerCookie(t.platform, { level: 'province', code: '38' }, [
      'registry.read',
      'registry.sensitive',
    ]),
    readOnly: await officerCookie(t.platform, { level: 'commune', code: HAM_RONG }, ['registry.read']),
  };
});
afterAll(() => t.close());

const get = (who: keyof typeof officers | null, url: string) =>
  t.app.inject({ method: 'GET', url, headers: who ? { cookie: officers[who].cookie } : {} });
const post = (
  who: keyof typeof officers,
  url: string,
  payload: object,
  headers: Record<string, string> = {},
) => t.app.inject({ method: 'POST', url, payload, headers: { cookie: officers[who].cookie, ...headers } });
const q = (p: string) => `${p}${p.includes('?') ? '&' : '?'}purpose=${encodeURIComponent(purpose)}`;

describe('registry API', () => {
  it('needs a signed-in officer and a stated purpose', async () => {
    const anonymous = await get(null, q(`/api/v1/registry/residents/${hamRongResident.personalId}`));
    expect(anonymous.statusCode).toBe(401);
    const noPurpose = await get('hamRong', `/api/v1/registry/residents/${hamRongResident.personalId}`);
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().errors[0].pointer).toBe('/query/purpose');
  });

  it('a commune officer sees their residents; another commune’s resident looks like no resident at all', async () => {
    const own = await get('hamRong', q(`/api/v1/registry/residents/${hamRongResident.personalId}`));
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ fullName: 'Nguyễn Văn Đức', version: 1 });
    expect(own.json()).not.toHaveProperty('ethnicity');

    const other = await get('hamRong', q(`/api/v1/registry/residents/${hacThanhResident.personalId}`));
    const missing = await get('hamRong', q('/api/v1/registry/residents/038199999999'));
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({
      ...b,
      requestId: undefined,
      instance: undefined,
      detail: undefined,
    });
    expect(strip(other.json())).toEqual(strip(missing.json()));

    const province = await get('province', q(`/api/v1/registry/residents/${hacThanhResident.personalId}`));
    expect(province.statusCode).toBe(200);
  });

  it('answers problem details in the language of Accept-Language (Vietnamese by default)', async () => {
    const url = q('/api/v1/registry/residents/038199999999');
    const vi = await get('hamRong', url);
    expect(vi.json()).toMatchObject({
      title: 'Không tìm thấy công dân',
      detail: 'Không có công dân 038199999999.',
    });
    const en = await t.app.inject({
      method: 'GET',
      url,
      headers: { cookie: officers.hamRong.cookie, 'accept-language': 'en-GB,en;q=0.9,vi;q=0.5' },
    });
    expect(en.json()).toMatchObject({ title: 'Resident not found', detail: 'No resident 038199999999.' });
  });

  it('opens ethnicity and religion only for the sensitive-data role', async () => {
    const res = await get('sensitive', q(`/api/v1/registry/residents/${hamRongResident.personalId}`));
    expect(res.json().ethnicity).toBe('Mường');
  });

  it('searches by name without tones, within the jurisdiction, and audits each person returned', async () => {
    const res = await get('hamRong', q('/api/v1/registry/residents?q=nguyen%20van%20duc'));
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((i: { personalId: string }) => i.personalId);
    expect(ids).toContain(hamRongResident.personalId);
    expect(ids).not.toContain(hacThanhResident.personalId);
    const audit = await t.platform.db
      .selectFrom('platform.audit_log')
      .select(['action', 'purpose'])
      .where('actor', '=', `officer:${officers.hamRong.id}`)
      .where('subject_person', '=', hamRongResident.personalId)
      .execute();
    expect(audit).toContainEqual({ action: 'registry.resident.search', purpose });
    expect(audit).toContainEqual({ action: 'registry.resident.view', purpose });
  });

  it('registers a move with the version seen, refuses a stale version, and keeps the history', async () => {
    const url = `/api/v1/registry/residents/${hamRongResident.personalId}/residence`;
    const body = {
      currentAddress: at(HAM_RONG, 'Số 5 đường Nguyễn Trãi'),
      effectiveDate: '2024-03-01',
      legalBasis: 'Luật Cư trú 2020',
      expectedVersion: 1,
    };
    const moved = await post('hamRong', url, body);
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ version: 2, currentAddress: { street: 'Số 5 đường Nguyễn Trãi' } });
    const stale = await post('hamRong', url, body);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('registry.concurrent_change');

    const before = await get(
      'hamRong',
      q(`/api/v1/registry/residents/${hamRongResident.personalId}?asOf=2023-12-31`),
    );
    expect(before.json(), before.body).toHaveProperty('currentAddress.street', 'Số 1 đường Lê Lợi');
    const timeline = await get(
      'hamRong',
      q(`/api/v1/registry/residents/${hamRongResident.personalId}/timeline`),
    );
    expect(timeline.json().items.map((e: { type: string }) => e.type)).toEqual([
      'resident_registered',
      'residence_changed',
    ]);
  });

  it('refuses writes without the write role, from another origin, and with invalid bodies', async () => {
    const url = `/api/v1/registry/residents/${hamRongResident.personalId}/death`;
    const body = { effectiveDate: '2025-01-02', legalBasis: 'Luật Hộ tịch 2014', expectedVersion: 2 };
    expect((await post('readOnly', url, body)).statusCode).toBe(403);
    const crossSite = await post('hamRong', url, body, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    const invalid = await post('hamRong', url, {
      effectiveDate: '45/13/2025',
      legalBasis: 'x',
      expectedVersion: 0,
    });
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(['/body/effectiveDate', '/body/expectedVersion', '/body/legalBasis']);
    // Nothing was recorded by the refused requests.
    const after = await get('hamRong', q(`/api/v1/registry/residents/${hamRongResident.personalId}`));
    expect(after.json()).toMatchObject({ lifeStatus: 'alive', version: 2 });
  });

  it('names family members the officer may see (and audits them), and officers in the timeline', async () => {
    const registry = createRegistry(t.platform);
    const child = person({ serial: 503, fullName: 'Nguyễn Minh Khôi', birthDate: '2024-02-03' });
    await registry.registerBirth(provinceOfficer, {
      ...child,
      parents: [hamRongResident.personalId, hacThanhResident.personalId],
      legalBasis: 'Giấy khai sinh số 15/2024',
    });
    const views = async () =>
      (
        await t.platform.db
          .selectFrom('platform.audit_log')
          .select('subject_person')
          .where('actor', '=', `officer:${officers.hamRong.id}`)
          .where('action', '=', 'registry.resident.view')
          .execute()
      ).map((r) => r.subject_person);
    const before = await views();
    const res = await get('hamRong', q(`/api/v1/registry/residents/${child.personalId}`));
    expect(res.json().family).toEqual([
      {
        personalId: hamRongResident.personalId,
        fullName: 'Nguyễn Văn Đức',
        lifeStatus: 'alive',
        kind: 'parent',
        from: '2024-02-03',
        to: null,
      },
      // The mother lives in another commune: her ID is on the child's record, her name is not shown.
      {
        personalId: hacThanhResident.personalId,
        fullName: null,
        lifeStatus: null,
        kind: 'parent',
        from: '2024-02-03',
        to: null,
      },
    ]);
    const viewed = (await views()).slice(before.length);
    expect(viewed.sort()).toEqual([hamRongResident.personalId, child.personalId].sort());

    const { name } = await t.platform.db
      .selectFrom('platform.officer')
      .select('name')
      .where('id', '=', officers.hamRong.id)
      .executeTakeFirstOrThrow();
    const timeline = await get(
      'hamRong',
      q(`/api/v1/registry/residents/${hamRongResident.personalId}/timeline`),
    );
    expect(timeline.json().items.map((e: { actorName: string | null }) => e.actorName)).toEqual([null, name]);
  });

  it('records a correction with its reason', async () => {
    const res = await post(
      'province',
      `/api/v1/registry/residents/${hacThanhResident.personalId}/corrections`,
      {
        changes: { fullName: 'Trần Thị Bình An' },
        reason: 'Sai sót khi nhập liệu',
        legalBasis: 'Luật Cư trú 2020',
        effectiveDate: '2025-06-01',
        expectedVersion: 1,
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().fullName).toBe('Trần Thị Bình An');
  });
});
