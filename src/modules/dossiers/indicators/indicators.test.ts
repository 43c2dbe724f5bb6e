/**
 * Decision 766 indicators and statistics on hand-built dossiers: every expected figure below is worked
 * out by hand in the comments from the rows inserted here (not by the code under test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fixedClock } from '../../../../test/platform.ts';
import { newId } from '../../../platform/ids.ts';
import { AGENCY, createCatalogue } from '../../procedures/index.ts';
import { complete, INDICATORS } from './definitions.ts';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let commune: { code: string; name: string }; // the People's Committee of Hàm Rồng (14758)
const COMMUNE = '14758';
const JUSTICE = AGENCY.justice; // Sở Tư pháp: implements 2.001417 (judicial record), online with a fee
const FINANCE = AGENCY.finance;

interface D {
  agency?: string;
  agencyName?: string;
  agencyCommune?: string | null;
  procedure?: string;
  online?: boolean;
  status?: string;
  received?: string | null;
  due?: string | null;
  finished?: string | null;
  supplements?: number;
  apologies?: number;
  eResult?: boolean;
  components?: number;
  prefilled?: boolean;
  eid?: boolean;
  fee?: number | null;
  paidOnline?: boolean;
  rating?: boolean | null;
  /** Used the citizen's document store (a component from it, or the result into it). */
  store?: boolean;
  synced?: boolean;
}

async function insert(d: D) {
  const id = newId();
  const now = new Date('2026-03-01T00:00:00Z');
  await ctx.platform.db
    .insertInto('dossiers.dossier')
    .values({
      id,
      procedure_id: newId(),
      procedure_code: d.procedure ?? '2.001417',
      procedure_version: 1,
      procedure_name: 'Cấp Phiếu lý lịch tư pháp',
      level: d.agencyCommune ? 'commune' : 'province',
      agency_code: d.agency ?? JUSTICE,
      agency_name: d.agencyName ?? 'Sở Tư pháp tỉnh Thanh Hóa',
      agency_commune: d.agencyCommune ?? null,
      applicant_personal_id: '038190009999',
      applicant_name: 'Trịnh Văn Bí Mật',
      channel: d.online ? 'online' : 'in_person',
      online: d.online ?? false,
      status: d.status ?? (d.finished ? 'returned' : 'in_process'),
      data_sealed: 'x',
      time_limit: JSON.stringify({ amount: 10, unit: 'working_days' }),
      created_by: 'test',
      created_at: now,
      updated_at: now,
      received_on: d.received ?? null,
      due_on: d.due ?? null,
      finished_on: d.finished ?? null,
      supplement_count: d.supplements ?? 0,
      apology_count: d.apologies ?? 0,
      electronic_result: d.eResult ?? false,
      digitised_components: d.components ?? 0,
      prefilled_used: d.prefilled ?? false,
      eid_authenticated: d.eid ?? false,
      fee_amount: d.fee ?? null,
      paid_online: d.paidOnline ?? false,
      rating_satisfied: d.rating ?? null,
      store_used: d.store ?? false,
    })
    .execute();
  if (d.synced)
    await ctx.platform.db
      .insertInto('dossiers.sync_outbox')
      .values({
        id: newId(),
        dossier_id: id,
        receipt_code: 'x',
        status_code: 2,
        payload: '{}',
        recorded_at: now,
      })
      .execute();
  return id;
}

const FEE = 200_000;

async function feedback(
  dossierId: string,
  kind: 'complaint' | 'suggestion',
  at: { received: string; due: string; answered?: string },
) {
  const id = newId();
  const { sealer } = ctx.platform;
  await ctx.platform.db
    .insertInto('dossiers.feedback' as never)
    .values({
      id,
      dossier_id: dossierId,
      personal_id: '038190009999',
      kind,
      text_sealed: sealer.seal('Phản ánh thử', `dossiers.feedback:${id}`),
      created_at: new Date(`${at.received}T03:00:00Z`),
      received_on: at.received,
      due_on: at.due,
      answer_sealed: at.answered ? sealer.seal('Trả lời', `dossiers.feedback.answer:${id}`) : null,
      answered_at: at.answered ? new Date(`${at.answered}T03:00:00Z`) : null,
      answered_on: at.answered ?? null,
    } as never)
    .execute();
}

beforeAll(async () => {
  // "Today" is 15 April 2026: every March appointment has passed.
  ctx = await createTestApp({ clock: fixedClock('2026-04-15T03:00:00Z') });
  const catalogue = createCatalogue(ctx.platform);
  const birth = await catalogue.published('1.001193');
  if (!birth) throw new Error('seeded procedure 1.001193 missing');
  commune = await catalogue.receivingAgency(birth, COMMUNE);

  // Sở Tư pháp, judicial record (2.001417), March 2026.
  // D1 online, on time (8 of 14 days), e-result + 2 files, pre-filled, e-ID, fee paid online, satisfied, synced
  const d1 = await insert({
    online: true,
    received: '2026-03-02',
    due: '2026-03-16',
    finished: '2026-03-10',
    eResult: true,
    components: 2,
    prefilled: true,
    eid: true,
    fee: FEE,
    paidOnline: true,
    rating: true,
    synced: true,
    store: true,
  });
  // D2 online, finished on the appointment day with one supplementation (on time), e-result + file, dissatisfied
  const d2 = await insert({
    online: true,
    received: '2026-03-03',
    due: '2026-03-17',
    finished: '2026-03-17',
    supplements: 1,
    eResult: true,
    components: 1,
    prefilled: true,
    fee: FEE,
    rating: false,
    synced: true,
    store: true,
  });
  // D3 at the counter, finished 2 days late, paper result
  const d3 = await insert({
    received: '2026-03-04',
    due: '2026-03-18',
    finished: '2026-03-20',
    fee: FEE,
    synced: true,
  });
  // Feedback: F1 a complaint on D2 answered in March in time; F2 a suggestion on D3 due 13/3 and never
  // answered; F3 a complaint on D1 filed 20/3, due in April (not yet counted by 5.1, but D1 now has a
  // complaint for 5.2).
  await feedback(d2, 'complaint', { received: '2026-03-18', due: '2026-04-08', answered: '2026-03-25' });
  await feedback(d3, 'suggestion', { received: '2026-02-20', due: '2026-03-13' });
  await feedback(d1, 'complaint', { received: '2026-03-20', due: '2026-04-10' });
  // D4 online, finished early but after TWO supplementation requests: counts as overdue
  await insert({
    online: true,
    received: '2026-03-05',
    due: '2026-03-25',
    finished: '2026-03-12',
    supplements: 2,
    eResult: true,
    components: 3,
    prefilled: true,
    eid: true,
    fee: FEE,
    paidOnline: true,
    synced: true,
  });
  // D5 online, still in process, appointment 23 March passed: overdue
  await insert({ online: true, status: 'in_process', received: '2026-03-09', due: '2026-03-23', eid: true });
  // D6 at the counter, open, due in April: received in March but not due
  await insert({ status: 'received', received: '2026-03-10', due: '2026-04-20' });
  // D7 received in February, finished on time in March, e-result without files (not digitised), satisfied
  await insert({
    received: '2026-02-20',
    due: '2026-03-06',
    finished: '2026-03-05',
    eResult: true,
    rating: true,
  });
  // D8 online, waiting for the applicant's supplement (clock paused): its passed appointment does not count
  await insert({
    online: true,
    status: 'supplement_requested',
    received: '2026-03-11',
    due: '2026-03-13',
    prefilled: true,
    eid: true,
    fee: FEE,
    synced: true,
  });
  // D9 withdrawn by the applicant: received, never due
  await insert({ status: 'withdrawn', received: '2026-03-12', due: '2026-03-26', synced: true });
  // D12 at the counter, overdue: apology letter moved the appointment to 20 March, finished 19 March
  await insert({
    received: '2026-03-02',
    due: '2026-03-20',
    finished: '2026-03-19',
    apologies: 1,
    eResult: true,
    components: 1,
  });
  // D11 April: outside March entirely
  await insert({
    online: true,
    received: '2026-04-02',
    due: '2026-04-16',
    finished: '2026-04-03',
    eResult: true,
    synced: true,
  });

  // D10 Sở Tài chính, March: online, on time
  await insert({
    agency: FINANCE,
    agencyName: 'Sở Tài chính tỉnh Thanh Hóa',
    procedure: '2.002051',
    online: true,
    received: '2026-03-02',
    due: '2026-03-10',
    finished: '2026-03-09',
    eResult: true,
    components: 1,
    rating: true,
    synced: true,
  });

  // The commune's People's Committee, birth registration (1.001193), March
  // D13 online, on time, e-result + file, pre-filled, e-ID, satisfied, synced
  await insert({
    agency: commune.code,
    agencyName: commune.name,
    agencyCommune: COMMUNE,
    procedure: '1.001193',
    online: true,
    received: '2026-03-03',
    due: '2026-03-04',
    finished: '2026-03-04',
    eResult: true,
    components: 1,
    prefilled: true,
    eid: true,
    rating: true,
    synced: true,
  });
  // D14 at the counter, finished late, paper result
  await insert({
    agency: commune.code,
    agencyName: commune.name,
    agencyCommune: COMMUNE,
    procedure: '1.001193',
    received: '2026-03-05',
    due: '2026-03-06',
    finished: '2026-03-09',
  });

  // May 2026, Sở Tư pháp: the supplementation rule alone (two dossiers finished early, one asked twice)
  await insert({ received: '2026-05-04', due: '2026-05-18', finished: '2026-05-06', supplements: 2 });
  await insert({ received: '2026-05-04', due: '2026-05-18', finished: '2026-05-06', supplements: 1 });
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const get = (url: string) => ctx.app.inject({ url });
type Indicator = {
  key: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  score: number | null;
  measured: boolean;
};
const byKey = (body: { groups: { indicators: Indicator[] }[] }) =>
  Object.fromEntries(body.groups.flatMap((g) => g.indicators).map((i) => [i.key, i]));

describe('definitions', () => {
  it('the groups weigh 18 + 20 + 12 + 10 + 22 + 18 = 100 points', () => {
    const sum = (group: string) =>
      INDICATORS.filter((i) => i.group === group).reduce((s, i) => s + i.points, 0);
    expect([
      sum('transparency'),
      sum('progress'),
      sum('online'),
      sum('payment'),
      sum('digitisation'),
      sum('satisfaction'),
    ]).toEqual([18, 20, 12, 10, 22, 18]);
  });

  it('the seeded judicial-record procedure is complete, online and payable online', async () => {
    const p = await createCatalogue(ctx.platform).published('2.001417');
    expect(p && complete(p)).toBe(true);
    expect(p?.channels.some((c) => c.channel === 'online' && (c.fee?.amount ?? 0) > 0)).toBe(true);
  });
});

describe('GET /api/v1/public/indicators', () => {
  it('scores an agency for a month, worked out by hand', async () => {
    const res = await get(`/api/v1/public/indicators?month=2026-03&agency=${JUSTICE}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.scope).toEqual({ level: 'agency', code: JUSTICE, name: 'Sở Tư pháp tỉnh Thanh Hóa' });
    expect(body.period).toEqual({ month: '2026-03', from: '2026-03-01', to: '2026-04-01' });
    const i = byKey(body);
    // Received in March: D1 D2 D3 D4 D5 D6 D8 D9 D12 = 9; finished in March: D1 D2 D3 D4 D7 D12 = 6;
    // due: those 6 + D5 (open, appointment passed) = 7; on time: D1 D2 D7 = 3.
    expect(i['1.1']).toMatchObject({ numerator: 1, denominator: 1, score: 8 });
    expect(i['1.2']).toMatchObject({ numerator: 6, denominator: 9, score: 6.67 }); // D1 D2 D3 D4 D8 D9 synced: 10 × 6/9
    expect(i['2.1']).toMatchObject({ numerator: 3, denominator: 7, score: 6 }); // 14 × 3/7
    // 2.2: one procedure; elapsed ÷ allowed days 8/14, 14/14, 16/14, 7/20, 13/14, 17/18 → mean 0.82 ≤ 1
    expect(i['2.2']).toMatchObject({ numerator: 1, denominator: 1, score: 6 });
    expect(i['3.1']).toMatchObject({ numerator: 1, denominator: 1, score: 4 });
    expect(i['3.2']).toMatchObject({ numerator: 1, denominator: 1, score: 4 });
    expect(i['3.3']).toMatchObject({ numerator: 5, denominator: 9, score: 4 }); // 55.6 % ≥ 50 %: full
    expect(i['3.5']).toMatchObject({ numerator: 1, denominator: 1, score: 5 });
    expect(i['3.6']).toMatchObject({ numerator: 2, denominator: 5, score: 2 }); // fee-bearing D1 D2 D3 D4 D8, paid online D1 D4
    expect(i['4.1']).toMatchObject({ numerator: 5, denominator: 6, score: 3.33 }); // 4 × 5/6
    expect(i['4.2']).toMatchObject({ numerator: 4, denominator: 6, score: 5 }); // 6 × (4/6 ÷ 0.8)
    expect(i['4.3']).toMatchObject({ numerator: 4, denominator: 9, score: 2.22 }); // 4 × (4/9 ÷ 0.8)
    expect(i['4.4']).toMatchObject({ numerator: 2, denominator: 6, score: 1.33 }); // D1 D2 used the store: 4 × 2/6
    expect(i['4.5']).toMatchObject({ numerator: 5, denominator: 9, score: 2.22 }); // D1 D2 D4 D5 D8
    // 5.1: F1 answered in March in time, F2 past its March due date unanswered; F3 is due in April. 6 × 1/2
    expect(i['5.1']).toMatchObject({ numerator: 1, denominator: 2, score: 3 });
    // 5.2: 100 % − (overdue 4/7 + not satisfied or complained 2/7: D2 rated so and complained of, D1
    // complained of) = 1/7; 12 × (1/7 ÷ 0.9) = 1.90
    expect(i['5.2']).toMatchObject({ numerator: 1, denominator: 7, score: 1.9 });
    const groups = Object.fromEntries(
      body.groups.map((g: { key: string; score: number; scoredPoints: number }) => [
        g.key,
        [g.score, g.scoredPoints],
      ]),
    );
    expect(groups).toEqual({
      transparency: [14.67, 18],
      progress: [12, 20],
      online: [12, 12],
      payment: [7, 10],
      digitisation: [14.1, 22],
      satisfaction: [4.9, 18],
    });
    // Every indicator could be scored: 64.67 of 100
    expect(body.total).toEqual({ score: 64.67, max: 100, scaled: 64.67 });
    expect(body.procedures).toEqual([
      { code: '2.001417', finished: 6, averageDays: 12.5, averageShareOfTimeLimit: 0.8229 },
    ]);
    expect(res.body).not.toContain('Trịnh Văn Bí Mật');
    expect(res.body).not.toContain('038190009999');
  });

  it('counts more than one supplementation request as overdue', async () => {
    const body = (await get(`/api/v1/public/indicators?month=2026-05&agency=${JUSTICE}`)).json();
    expect(byKey(body)['2.1']).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
  });

  it('scores a commune and the province, and lists every unit with by=', async () => {
    const communeBody = (await get(`/api/v1/public/indicators?month=2026-03&commune=${COMMUNE}`)).json();
    expect(communeBody.scope).toMatchObject({ level: 'commune', code: COMMUNE });
    expect(byKey(communeBody)['2.1']).toMatchObject({ numerator: 1, denominator: 2 }); // D13 on time, D14 late
    expect(byKey(communeBody)['3.6']).toMatchObject({ denominator: 0, value: null, score: null }); // no fee
    const province = (await get('/api/v1/public/indicators?month=2026-03&by=agency')).json();
    expect(province.scope.level).toBe('province');
    // Province: 9 + D10 + D13 + D14 received; due 7 + D10 + D13 + D14 = 10, on time 3 + D10 + D13 = 5
    expect(byKey(province)['3.3']).toMatchObject({ numerator: 7, denominator: 12 });
    expect(byKey(province)['2.1']).toMatchObject({ numerator: 5, denominator: 10 });
    const units = province.units as { code: string; level: string; total: { scaled: number } }[];
    expect(units.map((u) => u.code).sort()).toEqual([JUSTICE, FINANCE, commune.code].sort());
    expect(units.find((u) => u.code === JUSTICE)?.total.scaled).toBe(64.67);
    const communes = (await get('/api/v1/public/indicators?month=2026-03&by=commune')).json();
    expect(communes.units).toHaveLength(1);
    expect(communes.units[0]).toMatchObject({ level: 'commune', code: COMMUNE });
    expect(communes.units[0].name).toMatch(/Hàm Rồng/);
  });

  it('validates the query as problem+json', async () => {
    for (const [query, status, code] of [
      ['month=2026-13', 400, 'http.validation_failed'],
      ['month=26-03', 400, 'http.validation_failed'],
      ['by=province', 400, 'http.validation_failed'],
      ['limit=5', 400, 'http.validation_failed'],
      [`agency=${JUSTICE}&commune=${COMMUNE}`, 400, 'dossiers.invalid_scope'],
      ['agency=000.00.99.H56', 404, 'dossiers.unknown_agency'],
      ['commune=99999', 404, 'dossiers.unknown_commune'],
      ['commune=00004', 404, 'dossiers.unknown_commune'], // Ba Đình, Hà Nội: not this province
    ] as const) {
      for (const path of ['indicators', 'statistics']) {
        const res = await get(`/api/v1/public/${path}?${query}`);
        expect(res.statusCode, `${path}?${query}`).toBe(status);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.json().code).toBe(code);
      }
    }
  });

  it('defaults to the current month (Vietnam time)', async () => {
    const body = (await get('/api/v1/public/indicators')).json();
    expect(body.period.month).toBe('2026-04');
    // April: D11 received online and finished on time, synced, e-result without files
    expect(byKey(body)['3.3']).toMatchObject({ numerator: 1, denominator: 1 });
  });
});

describe('GET /api/v1/public/statistics', () => {
  it('gives the on-time, online, digitisation and satisfaction rates per agency and commune', async () => {
    const res = await get('/api/v1/public/statistics?month=2026-03');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.by).toBe('agency');
    const justice = body.rows.find((r: { code: string }) => r.code === JUSTICE);
    // on time 3/7, online 5/9, digitised 4/6, satisfied 2 of 3 ratings (D1, D7 yes; D2 no)
    expect(justice.rates).toEqual({
      onTime: 0.4286,
      online: 0.5556,
      digitisation: 0.6667,
      satisfaction: 0.6667,
    });
    expect(justice.counts).toMatchObject({
      received: 9,
      due: 7,
      onTime: 3,
      finished: 6,
      rated: 3,
      satisfied: 2,
    });
    expect(body.total.counts).toMatchObject({ received: 12, due: 10, onTime: 5 });
    const communes = (
      await get(`/api/v1/public/statistics?month=2026-03&by=commune&commune=${COMMUNE}`)
    ).json();
    expect(communes.scope).toMatchObject({ level: 'commune', code: COMMUNE });
    expect(communes.rows).toHaveLength(1);
    expect(communes.rows[0].rates).toEqual({ onTime: 0.5, online: 0.5, digitisation: 0.5, satisfaction: 1 });
    expect(res.body).not.toContain('Trịnh Văn Bí Mật');
  });

  it('answers an empty month with zero counts and null rates', async () => {
    const body = (await get('/api/v1/public/statistics?month=2025-01')).json();
    expect(body.rows).toEqual([]);
    expect(body.total.rates).toEqual({ onTime: null, online: null, digitisation: null, satisfaction: null });
  });
});
