import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { officerCookie } from '../../../../test/officers.ts';
import { createTestApp, fixedClock } from '../../../../test/platform.ts';
import { createRegistry, tallyByCommune } from '../../registry/index.ts';
import { createAccounts } from '../accounts.ts';
import { createFederation } from '../federation/service.ts';
import { officer, resident } from '../testing.ts';
import { identityCommand } from './cli.ts';
import { createStatistics } from './service.ts';

/**
 * Activation statistics on real accounts made by the module's own functions (registration, counter
 * proofing, federation, revocation) at chosen times, for residents of two communes of Thanh Hóa.
 */
const HAM_RONG = '14758';
const HAC_THANH = '14797';
const clock = fixedClock('2024-12-15T03:00:00Z');
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let province: string;
let hacThanh: string;
let provinceAdmin: string;

async function accountAt(at: string, serial: number, commune: string) {
  clock.set(at);
  const r = { ...resident(serial), currentAddress: { version: '2025' as const, commune, street: null } };
  await createRegistry(ctx.platform).registerResident(officer, r);
  const accounts = createAccounts(ctx.platform);
  const { challengeId } = await accounts.startRegistration({ ...r, phone: '0912345678' });
  const [sms] = await ctx.platform.notify.inbox(1);
  const code = /(\d{6})/.exec(sms?.text ?? '')?.[1] as string;
  await accounts.completeRegistration(challengeId, code, 'dong-song-ma-2025');
  return r.personalId;
}

async function proofAt(at: string, personalId: string) {
  clock.set(at);
  const counter = await ctx.platform.auth.addOfficer({
    name: 'Cán bộ công an phường',
    roles: ['registry.write'],
    jurisdiction: { level: 'province', code: '38' },
  });
  await createAccounts(ctx.platform).recordProofing(counter, personalId, {
    method: 'chip-card-nfc',
    place: 'Công an phường',
  });
}

const get = (url: string, cookie?: string) =>
  ctx.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const put = (body: unknown, cookie: string) =>
  ctx.app.inject({
    method: 'PUT',
    url: '/api/v1/identity/activation-targets',
    payload: body as object,
    headers: { cookie },
  });

beforeAll(async () => {
  ctx = await createTestApp({
    clock,
    // The upstream is never contacted here: the federated account is linked directly.
    env: { CITIZEN_UPSTREAM_ISSUER: 'http://127.0.0.1:9/upstream', CITIZEN_UPSTREAM_CLIENT_ID: 'citizen' },
  });
  // Before the months asked for: counts in the totals, not in the monthly activations.
  await accountAt('2024-12-15T03:00:00Z', 201, HAM_RONG);
  const a1 = await accountAt('2025-03-10T03:00:00Z', 202, HAM_RONG);
  await accountAt('2025-03-10T03:00:01Z', 203, HAM_RONG);
  const b1 = await accountAt('2025-03-10T03:00:02Z', 204, HAC_THANH);
  // 31 March 18:00 UTC is 1 April 01:00 in Vietnam: an April activation.
  await accountAt('2025-03-31T18:00:00Z', 205, HAC_THANH);
  await proofAt('2025-05-05T03:00:00Z', a1);
  await accountAt('2025-05-05T04:00:00Z', 206, HAM_RONG);
  await proofAt('2025-06-20T03:00:00Z', b1);
  // Revoked (the person died): not an active account.
  const revoked = await accountAt('2025-06-21T03:00:00Z', 207, HAM_RONG);
  await ctx.platform.db
    .transaction()
    .execute((tx) => createAccounts(ctx.platform).revoke(tx, revoked, 'registry.resident.deceased'));
  // Opened by the national e-ID at level 2 in June (a federated account: level 2 from its creation).
  clock.set('2025-06-25T03:00:00Z');
  const f = {
    ...resident(208),
    currentAddress: { version: '2025' as const, commune: HAC_THANH, street: null },
  };
  await createRegistry(ctx.platform).registerResident(officer, f);
  await createFederation(ctx.platform).link('vneid-208', f.personalId, 2, undefined);
  // After the last month asked for.
  await accountAt('2025-07-02T03:00:00Z', 209, HAM_RONG);
  clock.set('2025-07-15T03:00:00Z');

  province = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['registry.read'])).cookie;
  hacThanh = (await officerCookie(ctx.platform, { level: 'commune', code: HAC_THANH }, ['registry.read']))
    .cookie;
  provinceAdmin = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['identity.admin']))
    .cookie;
});
afterAll(() => ctx?.close());

describe('activation statistics', () => {
  it('counts active accounts by level per commune and by month, in Vietnam time', async () => {
    const res = await get('/api/v1/identity/statistics?from=2025-01&to=2025-06', province);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.scope).toEqual({ level: 'province', code: '38', name: 'Thanh Hóa' });
    expect(body.totals).toEqual({ level1: 4, level2: 3, total: 7 });
    const byCode = new Map(body.communes.map((c: { code: string }) => [c.code, c]));
    expect(byCode.get(HAM_RONG)).toEqual({
      code: HAM_RONG,
      name: 'Phường Hàm Rồng',
      level1: 3,
      level2: 1,
      total: 4,
    });
    expect(byCode.get(HAC_THANH)).toMatchObject({ level1: 1, level2: 2, total: 3 });
    // Every commune of the province is listed, most accounts first.
    expect(body.communes).toHaveLength(166);
    expect(body.communes.slice(0, 2).map((c: { code: string }) => c.code)).toEqual([HAM_RONG, HAC_THANH]);
    expect(body.communes[2]).toMatchObject({ total: 0 });
    expect(body.series).toEqual([
      { month: '2025-01', activated: 0, level2: 0, total: 1, totalLevel2: 0 },
      { month: '2025-02', activated: 0, level2: 0, total: 1, totalLevel2: 0 },
      { month: '2025-03', activated: 3, level2: 0, total: 4, totalLevel2: 0 },
      { month: '2025-04', activated: 1, level2: 0, total: 5, totalLevel2: 0 },
      { month: '2025-05', activated: 1, level2: 1, total: 6, totalLevel2: 1 },
      { month: '2025-06', activated: 1, level2: 2, total: 7, totalLevel2: 3 },
    ]);
  });

  it('gives the same answer when the accounts are read in small batches', async () => {
    const query = { from: '2025-01', to: '2025-06' };
    const whole = await createStatistics(ctx.platform).statistics({ province: '38' }, query);
    for (const batch of [1, 2, 3]) {
      expect(await createStatistics(ctx.platform, { batch }).statistics({ province: '38' }, query)).toEqual(
        whole,
      );
    }
    expect(whole.totals.total).toBe(7);
  });

  it('gives levels as they were at the end of `to`', async () => {
    const body = (await get('/api/v1/identity/statistics?from=2025-03&to=2025-04', province)).json();
    expect(body.totals).toEqual({ level1: 5, level2: 0, total: 5 });
    expect(body.series.map((s: { month: string }) => s.month)).toEqual(['2025-03', '2025-04']);
  });

  it('defaults to the twelve months up to now', async () => {
    const body = (await get('/api/v1/identity/statistics', province)).json();
    expect(body.from).toBe('2024-08');
    expect(body.to).toBe('2025-07');
    expect(body.totals.total).toBe(8);
  });

  it('shows a commune officer their commune only, and a province officer any commune of the province', async () => {
    const own = (await get('/api/v1/identity/statistics?from=2025-01&to=2025-06', hacThanh)).json();
    expect(own.scope).toEqual({ level: 'commune', code: HAC_THANH, name: 'Phường Hạc Thành' });
    expect(own.communes).toEqual([
      { code: HAC_THANH, name: 'Phường Hạc Thành', level1: 1, level2: 2, total: 3 },
    ]);
    expect(own.series.at(-1)).toEqual({
      month: '2025-06',
      activated: 1,
      level2: 2,
      total: 3,
      totalLevel2: 2,
    });
    const same = (
      await get(`/api/v1/identity/statistics?from=2025-01&to=2025-06&commune=${HAC_THANH}`, hacThanh)
    ).json();
    expect(same).toEqual(own);
    const other = await get(`/api/v1/identity/statistics?commune=${HAM_RONG}`, hacThanh);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('auth.forbidden');

    const chosen = await get(
      `/api/v1/identity/statistics?from=2025-01&to=2025-06&commune=${HAC_THANH}`,
      province,
    );
    expect(chosen.json()).toEqual(own);
    // A commune of another province, and one that does not exist.
    expect((await get('/api/v1/identity/statistics?commune=00004', province)).statusCode).toBe(403);
    const missing = await get('/api/v1/identity/statistics?commune=99999', province);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('identity.unknown_unit');
    // An officer of another province sees none of Thanh Hóa's accounts.
    const hanoi = (await officerCookie(ctx.platform, { level: 'province', code: '01' }, ['registry.read']))
      .cookie;
    const theirs = (await get('/api/v1/identity/statistics?from=2025-01&to=2025-06', hanoi)).json();
    expect(theirs.totals).toEqual({ level1: 0, level2: 0, total: 0 });
    expect(theirs.communes.some((c: { code: string }) => c.code === HAM_RONG)).toBe(false);
  });

  it('refuses anyone but an officer, and bad queries', async () => {
    expect((await get('/api/v1/identity/statistics')).statusCode).toBe(401);
    for (const [query, code] of [
      ['from=2025-13', 'validation'],
      ['to=2025-1', 'validation'],
      ['commune=abc', 'validation'],
      ['from=2025-06&to=2025-01', 'identity.invalid_statistics_query'],
      ['from=2019-01&to=2025-06', 'identity.invalid_statistics_query'],
    ] as const) {
      const res = await get(`/api/v1/identity/statistics?${query}`, province);
      expect(res.statusCode, query).toBe(400);
      if (code !== 'validation') expect(res.json().code, query).toBe(code);
    }
  });
});

describe('activation targets', () => {
  it('are set by an identity administrator within the jurisdiction, audited, and compared with what was achieved', async () => {
    for (const body of [
      { unit: { level: 'province', code: '38' }, period: '2025', level: 1, target: 4 },
      { unit: { level: 'province', code: '38' }, period: '2025', level: 2, target: 2 },
      { unit: { level: 'commune', code: HAM_RONG }, period: '2025-06', level: 1, target: 3 },
      { unit: { level: 'commune', code: HAC_THANH }, period: '2025-03', level: 2, target: 1 },
      { unit: { level: 'commune', code: HAC_THANH }, period: '2023', level: 1, target: 10 },
    ]) {
      const res = await put(body, provinceAdmin);
      expect(res.statusCode, JSON.stringify(body)).toBe(200);
    }
    // Setting again replaces.
    expect(
      (
        await put(
          { unit: { level: 'province', code: '38' }, period: '2025', level: 1, target: 5 },
          provinceAdmin,
        )
      ).statusCode,
    ).toBe(200);
    const audit = await ctx.platform.db
      .selectFrom('platform.audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'identity.activation_target.set')
      .execute();
    expect(audit).toHaveLength(6);
    expect(audit.map((a) => a.details)).toContainEqual({
      unit: { level: 'province', code: '38' },
      period: '2025',
      level: 1,
      target: 5,
    });
    expect(new Set(audit.map((a) => a.actor)).size).toBe(1);

    const body = (await get('/api/v1/identity/statistics?from=2025-01&to=2025-06', province)).json();
    expect(body.targets).toEqual([
      {
        unit: { level: 'province', code: '38', name: null },
        period: '2025',
        level: 1,
        target: 5,
        achieved: 7,
        asOf: '2025-06',
        percent: 140,
      },
      {
        unit: { level: 'province', code: '38', name: null },
        period: '2025',
        level: 2,
        target: 2,
        achieved: 3,
        asOf: '2025-06',
        percent: 150,
      },
      {
        unit: { level: 'commune', code: HAC_THANH, name: 'Phường Hạc Thành' },
        period: '2025-03',
        level: 2,
        target: 1,
        achieved: 0,
        asOf: '2025-03',
        percent: 0,
      },
      {
        unit: { level: 'commune', code: HAM_RONG, name: 'Phường Hàm Rồng' },
        period: '2025-06',
        level: 1,
        target: 3,
        achieved: 4,
        asOf: '2025-06',
        percent: 133.3,
      },
    ]);
    // A commune officer sees their commune's targets only.
    const own = (await get('/api/v1/identity/statistics?from=2025-01&to=2025-06', hacThanh)).json();
    expect(own.targets.map((t: { period: string }) => t.period)).toEqual(['2025-03']);
  });

  it('refuses officers without the role, units outside the jurisdiction, and bad input', async () => {
    const target = { unit: { level: 'commune', code: HAC_THANH }, period: '2025', level: 2, target: 100 };
    expect((await put(target, province)).statusCode).toBe(403); // registry.read only
    const communeAdmin = (
      await officerCookie(ctx.platform, { level: 'commune', code: HAC_THANH }, ['identity.admin'])
    ).cookie;
    expect((await put(target, communeAdmin)).statusCode).toBe(200);
    const elsewhere = await put({ ...target, unit: { level: 'commune', code: HAM_RONG } }, communeAdmin);
    expect(elsewhere.statusCode).toBe(403);
    expect((await put({ ...target, unit: { level: 'province', code: '38' } }, communeAdmin)).statusCode).toBe(
      403,
    );
    expect(
      (await put({ ...target, unit: { level: 'commune', code: '00004' } }, provinceAdmin)).statusCode,
    ).toBe(403);
    const unknown = await put({ ...target, unit: { level: 'commune', code: '99999' } }, provinceAdmin);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('identity.unknown_unit');
    for (const bad of [
      { ...target, period: '2025-13' },
      { ...target, period: '25' },
      { ...target, target: 0 },
      { ...target, target: 1.5 },
      { ...target, level: 3 },
      { ...target, unit: { level: 'district', code: '380' } },
    ]) {
      expect((await put(bad, provinceAdmin)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect(
      (await ctx.app.inject({ method: 'PUT', url: '/api/v1/identity/activation-targets', payload: target }))
        .statusCode,
    ).toBe(401);
  });
});

describe('citizen identity target set', () => {
  it('sets a target from the command line, audited with the CLI as actor', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const args = ['target', 'set', '--unit', '38', '--period', '2026', '--target', '833334'];
      expect(await identityCommand(ctx.platform, args)).toBe(0);
      expect(log.mock.calls[0]?.[0]).toContain('province 38, 2026, level 2: 833,334');
    } finally {
      log.mockRestore();
    }
    const row = await ctx.platform.db
      .selectFrom('identity.activation_target')
      .selectAll()
      .where('period', '=', '2026')
      .executeTakeFirst();
    expect(row).toMatchObject({
      unit_level: 'province',
      unit_code: '38',
      level: 2,
      target: 833334,
      set_by: 'cli',
    });
  });

  it.each([
    [['target', 'list']],
    [['target', 'set', '--unit', '380', '--period', '2026', '--target', '5']],
    [['target', 'set', '--unit', '38', '--target', '5']],
    [['target', 'set', '--unit', '38', '--period', '2026', '--target', '5', '--level', '3']],
    [['target', 'set', '--unit', '38', '--period', '2026-13', '--target', '5']],
    [['target', 'set', '--unit', '38', '--period', '2026', '--target', 'many']],
    [['target', 'set', '--unit', '01', '--period', '2026', '--target', '5']],
    [['target', 'set', '--unit', '99999', '--period', '2026', '--target', '5']],
  ])('refuses %j with a readable error', async (args) => {
    await expect(identityCommand(ctx.platform, args)).rejects.toMatchObject({ name: 'CliError' });
  });
});

describe("the registry's tally", () => {
  it('counts by commune within the scope, across batches, ignores unknown people, and names no one', async () => {
    const ids = ['038190000202', '038190000204', '038190999999'];
    const rows = await tallyByCommune(ctx.platform.db, [{ personalIds: ids, keys: ['x', 'x', 'x'] }], {
      province: '38',
    });
    expect(rows.sort((a, b) => String(a.commune).localeCompare(String(b.commune)))).toEqual([
      { commune: HAM_RONG, province: '38', key: 'x', count: 1 },
      { commune: HAC_THANH, province: '38', key: 'x', count: 1 },
    ]);
    expect(
      await tallyByCommune(ctx.platform.db, [{ personalIds: ids, keys: ['a', 'b', 'c'] }], {
        commune: HAC_THANH,
      }),
    ).toEqual([{ commune: HAC_THANH, province: '38', key: 'b', count: 1 }]);
    // Batches from an async source add up; empty batches and no batches are fine.
    async function* twice() {
      yield { personalIds: ['038190000202'], keys: ['k'] };
      yield { personalIds: [], keys: [] };
      yield { personalIds: ['038190000203', '038190000204'], keys: ['k', 'k'] };
    }
    const summed = await tallyByCommune(ctx.platform.db, twice(), { commune: HAM_RONG });
    expect(summed).toEqual([{ commune: HAM_RONG, province: '38', key: 'k', count: 2 }]);
    expect(await tallyByCommune(ctx.platform.db, [], { province: '38' })).toEqual([]);
    await expect(
      tallyByCommune(ctx.platform.db, [{ personalIds: ids, keys: ['a'] }], { province: '38' }),
    ).rejects.toThrow(/one key per personal ID/);
  });
});

describe('reuse of a tally', () => {
  it('answers from the last few minutes’ tally, and counts afresh without one', async () => {
    const cached = createStatistics(ctx.platform);
    const before = await cached.statistics({ province: '38' }, {});
    const f = {
      ...resident(210),
      currentAddress: { version: '2025' as const, commune: HAC_THANH, street: null },
    };
    await createRegistry(ctx.platform).registerResident(officer, f);
    await createFederation(ctx.platform).link('vneid-210', f.personalId, 1, undefined);
    expect((await cached.statistics({ province: '38' }, {})).totals).toEqual(before.totals);
    const fresh = await createStatistics(ctx.platform, { ttlMs: 0 }).statistics({ province: '38' }, {});
    expect(fresh.totals.total).toBe(before.totals.total + 1);
  });
});
