import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCookie } from '../../../test/officers.ts';
import { createTestApp, fixedClock } from '../../../test/platform.ts';
import { at, HAC_THANH, HAM_RONG, person, provinceOfficer } from './fixtures.ts';
import { createRegistry } from './service.ts';

/** Splitting and merging households over HTTP: history events, outbox, audit, jurisdiction, bad input. */
let t: Awaited<ReturnType<typeof createTestApp>>;
const meta = { effectiveDate: '2021-07-01', legalBasis: 'Luật Cư trú 2020' };
const [a, b, c, d, e, f] = [
  person({ serial: 901, fullName: 'Lê Văn An' }),
  person({ serial: 902, fullName: 'Lê Văn Bình', birthDate: '1995-02-01' }),
  person({ serial: 903, fullName: 'Đỗ Thị Cúc', sex: 'female', birthDate: '1996-03-04' }),
  person({ serial: 904, fullName: 'Trịnh Văn Dũng', birthDate: '1970-01-01' }),
  person({ serial: 905, fullName: 'Trịnh Thị Én', sex: 'female', birthDate: '2000-05-05' }),
  person({ serial: 906, fullName: 'Trịnh Văn Phúc', birthDate: '1940-01-01' }),
];
let officers: Record<'commune' | 'other' | 'readOnly', { cookie: string; id: string }>;

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-02T03:00:00Z') });
  const registry = createRegistry(t.platform);
  for (const p of [a, b, c, d, e, f]) await registry.registerResident(provinceOfficer, p);
  const household = async (number: string, head: string, members: [string, string][]) => {
    await registry.createHousehold(provinceOfficer, {
      ...meta,
      householdNumber: number,
      headPersonalId: head,
      address: at(HAM_RONG),
    });
    for (const [personalId, relationToHead] of members)
      await registry.addHouseholdMember(provinceOfficer, {
        ...meta,
        householdNumber: number,
        personalId,
        relationToHead,
      });
  };
  await household('HR-100', a.personalId, [
    [b.personalId, 'con'],
    [c.personalId, 'con dâu'],
  ]);
  await household('HR-200', d.personalId, [
    [e.personalId, 'con'],
    [f.personalId, 'bố'],
  ]);
  await registry.recordDeath(provinceOfficer, f.personalId, {
    effectiveDate: '2024-02-02',
    legalBasis: 'Trích lục khai tử',
  });
  officers = {
    commune: await officerCookie(t.platform, { level: 'commune', code: HAM_RONG }),
    other: await officerCookie(t.platform, { level: 'commune', code: HAC_THANH }),
    readOnly: await officerCookie(t.platform, { level: 'commune', code: HAM_RONG }, ['registry.read']),
  };
});
afterAll(() => t.close());

const purpose = 'Giải quyết hồ sơ tách, nhập hộ số 2026-77';
const post = (who: keyof typeof officers | null, url: string, payload: object, lang = 'en') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/registry${url}`,
    payload,
    headers: { 'accept-language': lang, ...(who ? { cookie: officers[who].cookie } : {}) },
  });
const get = (url: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/registry${url}${url.includes('?') ? '&' : '?'}purpose=${encodeURIComponent(purpose)}`,
    headers: { cookie: officers.commune.cookie },
  });
const householdEvents = async () =>
  (
    await t.platform.pool.query(
      `select payload from platform.event where topic = 'registry.household.changed' order by created_at, id`,
    )
  ).rows.map((r) => r.payload);
const memberRows = (household: { members: { personalId: string; relationToHead: string }[] }) =>
  household.members.map((m) => [m.personalId, m.relationToHead]);

describe('splitting a household (tách hộ)', () => {
  const split = {
    householdNumber: 'HR-101',
    headPersonalId: b.personalId,
    address: at(HAM_RONG, 'Số 7 ngõ 3'),
    members: [{ personalId: c.personalId, relationToHead: 'vợ' }],
    effectiveDate: '2025-04-01',
    legalBasis: 'Luật Cư trú 2020, Điều 25',
    reason: 'Con trai đã lập gia đình, có chỗ ở riêng',
  };

  it('refuses the anonymous, the read-only, another commune and invalid bodies, changing nothing', async () => {
    expect((await post(null, '/households/HR-100/split', split)).statusCode).toBe(401);
    expect((await post('readOnly', '/households/HR-100/split', split)).statusCode).toBe(403);
    const other = await post('other', '/households/HR-100/split', split);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('registry.household_not_found');
    const invalid = await post('commune', '/households/HR-100/split', {
      ...split,
      headPersonalId: '12',
      extra: 1,
    });
    expect(invalid.statusCode).toBe(400);
    const headLeaves = await post('commune', '/households/HR-100/split', {
      ...split,
      headPersonalId: a.personalId,
    });
    expect(headLeaves.json().code).toBe('registry.not_a_member');
    expect(memberRows((await get('/households/HR-100')).json())).toHaveLength(3);
    expect(await householdEvents()).toHaveLength(6); // the set-up only: 2 created, 4 member_added
  });

  it('moves the members into the new household with events carrying date, basis, actor and reason', async () => {
    const res = await post('commune', '/households/HR-100/split', split);
    expect(res.statusCode, res.body).toBe(200);
    expect(memberRows(res.json())).toEqual([
      [b.personalId, 'head'],
      [c.personalId, 'vợ'],
    ]);
    expect(memberRows((await get('/households/HR-100')).json())).toEqual([[a.personalId, 'head']]);
    const timeline = (await get(`/residents/${b.personalId}/timeline`)).json().items;
    expect(timeline.at(-1)).toMatchObject({
      type: 'household_split',
      effectiveDate: '2025-04-01',
      legalBasis: 'Luật Cư trú 2020, Điều 25',
      reason: 'Con trai đã lập gia đình, có chỗ ở riêng',
      actor: `officer:${officers.commune.id}`,
    });
    const published = (await householdEvents()).slice(6);
    const common = {
      effectiveDate: '2025-04-01',
      legalBasis: 'Luật Cư trú 2020, Điều 25',
      reason: 'Con trai đã lập gia đình, có chỗ ở riêng',
      actor: `officer:${officers.commune.id}`,
      fromHouseholdNumber: 'HR-100',
      toHouseholdNumber: 'HR-101',
    };
    expect(published).toEqual([
      expect.objectContaining({ change: 'split', householdNumber: 'HR-100', ...common }),
      expect.objectContaining({ change: 'created', householdNumber: 'HR-101', ...common }),
    ]);
  });
});

describe('merging households (nhập hộ)', () => {
  const merge = {
    fromHouseholdNumber: 'HR-200',
    members: [
      { personalId: d.personalId, relationToHead: 'anh' },
      { personalId: e.personalId, relationToHead: 'cháu' },
    ],
    effectiveDate: '2025-09-01',
    legalBasis: 'Luật Cư trú 2020, Điều 26',
    reason: 'Về ở chung để chăm sóc',
  };

  it('refuses a member list that is not exactly the living members, a second head, a merge into itself', async () => {
    const missing = await post('commune', '/households/HR-100/merge', {
      ...merge,
      members: merge.members.slice(0, 1),
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({
      code: 'registry.not_a_member',
      detail: `Name each living member of household HR-200 once; missing ${e.personalId}.`,
    });
    const stranger = await post('commune', '/households/HR-100/merge', {
      ...merge,
      members: [...merge.members, { personalId: a.personalId, relationToHead: 'em' }],
    });
    expect(stranger.json().detail).toBe(
      `Name each living member of household HR-200 once; not members: ${a.personalId}.`,
    );
    const inVietnamese = await post(
      'commune',
      '/households/HR-100/merge',
      { ...merge, members: merge.members.slice(0, 1) },
      'vi',
    );
    expect(inVietnamese.json()).toMatchObject({
      title: 'Người này không thuộc hộ',
      detail: `Hãy nêu mỗi thành viên còn sống của hộ HR-200 một lần; thiếu ${e.personalId}.`,
    });
    const twoHeads = await post('commune', '/households/HR-100/merge', {
      ...merge,
      members: [{ ...merge.members[0], relationToHead: 'Chủ hộ' }, merge.members[1]],
    });
    expect(twoHeads.json().code).toBe('registry.household_change_invalid');
    const itself = await post('commune', '/households/HR-200/merge', merge);
    expect(itself.json().code).toBe('registry.household_change_invalid');
    expect((await post('other', '/households/HR-100/merge', merge)).statusCode).toBe(404);
    expect(memberRows((await get('/households/HR-200')).json())).toHaveLength(3);
  });

  it('moves every living member, closes the merged household, and keeps the history', async () => {
    const res = await post('commune', '/households/HR-100/merge', merge);
    expect(res.statusCode, res.body).toBe(200);
    expect(memberRows(res.json())).toEqual([
      [a.personalId, 'head'],
      [d.personalId, 'anh'],
      [e.personalId, 'cháu'],
    ]);
    const closed = (await get('/households/HR-200')).json();
    expect(closed).toMatchObject({ dissolvedOn: '2025-09-01', members: [] });

    const timeline = (await get(`/residents/${d.personalId}/timeline`)).json().items;
    expect(timeline.at(-1)).toMatchObject({
      type: 'household_merged',
      effectiveDate: '2025-09-01',
      legalBasis: 'Luật Cư trú 2020, Điều 26',
      reason: 'Về ở chung để chăm sóc',
      actor: `officer:${officers.commune.id}`,
      changed: ['householdId'],
    });
    const before = (await get(`/residents/${d.personalId}?asOf=2025-08-31`)).json();
    const after = (await get(`/residents/${d.personalId}`)).json();
    expect(before.householdId).toBe(closed.id);
    expect(after.householdId).toBe(res.json().id);
    expect(after.householdNumber).toBe('HR-100');

    const published = (await householdEvents()).slice(-2);
    expect(published).toEqual([
      expect.objectContaining({ change: 'merged_away', householdNumber: 'HR-200', members: [] }),
      expect.objectContaining({
        change: 'merged',
        householdNumber: 'HR-100',
        effectiveDate: '2025-09-01',
        legalBasis: 'Luật Cư trú 2020, Điều 26',
        reason: 'Về ở chung để chăm sóc',
        actor: `officer:${officers.commune.id}`,
        fromHouseholdNumber: 'HR-200',
        toHouseholdNumber: 'HR-100',
      }),
    ]);
    const audit = await t.platform.db
      .selectFrom('platform.audit_log')
      .select(['action', 'legal_basis', 'details'])
      .where('actor', '=', `officer:${officers.commune.id}`)
      .where('action', 'in', ['registry.household.merged', 'registry.household.merged_away'])
      .execute();
    expect(audit.map((r) => r.action).sort()).toEqual([
      'registry.household.merged',
      'registry.household.merged_away',
    ]);
    expect(audit.every((r) => r.legal_basis === 'Luật Cư trú 2020, Điều 26')).toBe(true);

    const again = await post('commune', '/households/HR-100/merge', merge);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('registry.household_dissolved');
    const splitClosed = await post('commune', '/households/HR-200/split', {
      householdNumber: 'HR-201',
      headPersonalId: d.personalId,
      address: at(HAM_RONG),
      members: [],
      effectiveDate: '2025-10-01',
      legalBasis: 'Luật Cư trú 2020',
    });
    expect(splitClosed.json().code).toBe('registry.household_dissolved');
  });
});
