/**
 * Decision 766 indicators and the public statistics, computed live: one aggregate query over
 * dossiers.dossier (and dossiers.sync_outbox) for the month, grouped by agency, commune and procedure, rolled
 * up here per unit; the procedure-based indicators read the published catalogue (procedures' index).
 */
import { sql } from 'kysely';
import type { Platform } from '../../../platform/context.ts';
import { type Agency, createCatalogue, type ProcedureVersion } from '../../procedures/index.ts';
import { communesOf, findCommune, findProvince } from '../../reference/index.ts';
import {
  addCounts,
  type Counts,
  type Facts,
  type GroupResult,
  type ProcedureCounts,
  rates,
  type Score,
  scoreAll,
  ZERO,
} from './definitions.ts';
import { errors } from './errors.ts';

export type UnitLevel = 'province' | 'agency' | 'commune';

export interface Unit {
  level: UnitLevel;
  code: string;
  name: string;
}

export interface Period {
  month: string;
  /** First day of the month and first day of the next (exclusive), Vietnam dates. */
  from: string;
  to: string;
}

export interface Query {
  month?: string;
  agency?: string;
  commune?: string;
  by?: 'agency' | 'commune';
}

interface Row {
  agency_code: string;
  agency_name: string;
  agency_commune: string | null;
  procedure_code: string;
  received: number;
  received_online: number;
  synced: number;
  fee_bearing: number;
  paid_online: number;
  prefilled: number;
  population_data: number;
  due: number;
  on_time: number;
  finished: number;
  electronic_result: number;
  digitised: number;
  rated: number;
  satisfied: number;
  dissatisfied: number;
  store_used: number;
  feedback_due: number;
  feedback_on_time: number;
  share_sum: number;
  days_sum: number;
}

/** The Vietnam (UTC+7) calendar date of an instant. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function periodOf(month: string): Period {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { month, from: `${month}-01`, to: `${next}-01` };
}

const countsOf = (r: Row): Counts => ({
  received: r.received,
  receivedOnline: r.received_online,
  synced: r.synced,
  feeBearing: r.fee_bearing,
  paidOnline: r.paid_online,
  prefilled: r.prefilled,
  populationData: r.population_data,
  due: r.due,
  onTime: r.on_time,
  finished: r.finished,
  electronicResult: r.electronic_result,
  digitised: r.digitised,
  rated: r.rated,
  satisfied: r.satisfied,
  dissatisfied: r.dissatisfied,
  storeUsed: r.store_used,
  feedbackDue: r.feedback_due,
  feedbackOnTime: r.feedback_on_time,
});

/** The unit's dossiers (alias `d`): an agency's, those of a commune's agencies, or the province's. */
const unitWhere = (scope: Unit) =>
  scope.level === 'agency'
    ? sql`d.agency_code = ${scope.code}`
    : scope.level === 'commune'
      ? sql`d.agency_commune = ${scope.code}`
      : sql`true`;

/**
 * The month's dossiers of a scope in one pass, grouped by agency, commune and procedure (`today`: the
 * Vietnam date, for open dossiers whose appointment has passed).
 */
export function monthQuery(period: Period, scope: Unit, today: string) {
  // Open dossiers count as due (and overdue) once their appointment date has passed, unless the clock is
  // paused waiting for the applicant (supplement_requested): the appointment moves when they answer.
  const dueUntil = [today, period.to].sort()[0] as string; // the earlier of two ISO dates
  const where = unitWhere(scope);
  return sql<Row>`
      with d as (
        select d.id, d.agency_code, d.agency_name, d.agency_commune, d.procedure_code, d.online,
               d.fee_amount, d.paid_online, d.prefilled_used, d.eid_authenticated, d.electronic_result,
               d.digitised_components, d.supplement_count, d.apology_count, d.rating_satisfied,
               d.received_on, d.due_on, d.finished_on, d.store_used,
               (d.received_on >= ${period.from}::date and d.received_on < ${period.to}::date) as r,
               (d.finished_on >= ${period.from}::date and d.finished_on < ${period.to}::date) as f,
               (d.finished_on is null and d.status in ('received', 'in_process', 'payment_requested')
                 and d.due_on >= ${period.from}::date and d.due_on < ${dueUntil}::date) as late
          from dossiers.dossier d
         where ${where}
           and ((d.received_on >= ${period.from}::date and d.received_on < ${period.to}::date)
             or (d.finished_on >= ${period.from}::date and d.finished_on < ${period.to}::date)
             or (d.finished_on is null and d.due_on >= ${period.from}::date and d.due_on < ${dueUntil}::date))
      )
      select agency_code, max(agency_name) as agency_name, agency_commune, procedure_code,
             count(*) filter (where r)::int as received,
             count(*) filter (where r and online)::int as received_online,
             count(*) filter (where r and exists (select 1 from dossiers.sync_outbox s where s.dossier_id = d.id))::int as synced,
             count(*) filter (where r and fee_amount > 0)::int as fee_bearing,
             count(*) filter (where r and fee_amount > 0 and paid_online)::int as paid_online,
             count(*) filter (where r and prefilled_used)::int as prefilled,
             count(*) filter (where r and (prefilled_used or eid_authenticated))::int as population_data,
             count(*) filter (where f or late)::int as due,
             count(*) filter (where f and finished_on <= due_on and supplement_count <= 1 and apology_count = 0)::int as on_time,
             count(*) filter (where f)::int as finished,
             count(*) filter (where f and electronic_result)::int as electronic_result,
             count(*) filter (where f and electronic_result and digitised_components > 0)::int as digitised,
             count(*) filter (where (f or late) and rating_satisfied is not null)::int as rated,
             count(*) filter (where (f or late) and rating_satisfied)::int as satisfied,
             count(*) filter (where (f or late) and (rating_satisfied = false or exists (
               select 1 from dossiers.feedback fb where fb.dossier_id = d.id and fb.kind = 'complaint')))::int
               as dissatisfied,
             count(*) filter (where f and store_used)::int as store_used,
             0 as feedback_due, 0 as feedback_on_time,
             coalesce(sum((finished_on - received_on)::float8 / greatest(due_on - received_on, 1)) filter (where f), 0)::float8 as share_sum,
             coalesce(sum(finished_on - received_on) filter (where f), 0)::float8 as days_sum
        from d
       group by agency_code, agency_commune, procedure_code
    `;
}

/**
 * Feedback (indicator 5.1) of a scope in the month, in the month query's row shape: counted when answered in
 * the month, or still unanswered with its due date in the month and past; on time when answered by then.
 */
export function feedbackQuery(period: Period, scope: Unit, today: string) {
  const dueUntil = [today, period.to].sort()[0] as string;
  const where = unitWhere(scope);
  return sql<Row>`
      select d.agency_code, max(d.agency_name) as agency_name, d.agency_commune, d.procedure_code,
             0 as received, 0 as received_online, 0 as synced, 0 as fee_bearing, 0 as paid_online, 0 as prefilled,
             0 as population_data, 0 as due, 0 as on_time, 0 as finished, 0 as electronic_result, 0 as digitised,
             0 as rated, 0 as satisfied, 0 as dissatisfied, 0 as store_used,
             count(*)::int as feedback_due,
             count(*) filter (where fb.answered_on <= fb.due_on)::int as feedback_on_time,
             0::float8 as share_sum, 0::float8 as days_sum
        from dossiers.feedback fb
        join dossiers.dossier d on d.id = fb.dossier_id
       where ${where}
         and ((fb.answered_on >= ${period.from}::date and fb.answered_on < ${period.to}::date)
           or (fb.answered_on is null and fb.due_on >= ${period.from}::date and fb.due_on < ${dueUntil}::date))
       group by d.agency_code, d.agency_commune, d.procedure_code
    `;
}

export function createIndicators(platform: Platform) {
  const { db, clock } = platform;
  const catalogue = createCatalogue(platform);

  /** One pass over the month's dossiers of the scope, grouped by agency, commune and procedure. */
  async function rows(period: Period, scope: Unit): Promise<Row[]> {
    // At a million dossiers the planner's cost passes jit_above_cost, and compiling the expressions takes
    // longer (~170 ms) than the few tens of thousands of rows of a month need: no JIT for this query.
    return db.transaction().execute(async (tx) => {
      await sql`set local jit = off`.execute(tx);
      const today = vietnamDate(clock.now());
      const dossiers = (await monthQuery(period, scope, today).execute(tx)).rows;
      return [...dossiers, ...(await feedbackQuery(period, scope, today).execute(tx)).rows];
    });
  }

  async function resolveScope(query: Query): Promise<{ unit: Unit; agency?: Agency }> {
    if (query.agency && query.commune) throw errors.invalid_scope();
    if (query.agency) {
      const agency = await catalogue.agency(query.agency);
      if (!agency)
        throw errors.unknown_agency({
          vi: `Không có cơ quan ${query.agency}.`,
          en: `No agency ${query.agency}.`,
        });
      return { unit: { level: 'agency', code: agency.code, name: agency.name }, agency };
    }
    if (query.commune) {
      const commune = await findCommune(db, query.commune, '2025');
      if (!commune || commune.provinceCode !== platform.config.provinceCode)
        throw errors.unknown_commune({
          vi: `Không có xã ${query.commune}.`,
          en: `No commune ${query.commune}.`,
        });
      return { unit: { level: 'commune', code: commune.code, name: commune.fullName } };
    }
    return { unit: { level: 'province', code: platform.config.provinceCode, name: await provinceName() } };
  }

  let province: string | undefined;
  async function provinceName() {
    province ??= (await findProvince(db, platform.config.provinceCode))?.name ?? platform.config.provinceCode;
    return province;
  }

  /** The published procedures a unit implements. */
  function proceduresOf(all: ProcedureVersion[], unit: Unit, agency?: Agency): ProcedureVersion[] {
    if (unit.level === 'province') return all;
    if (unit.level === 'commune' || agency?.level === 'commune')
      return all.filter((p) => p.level === 'commune');
    return all.filter((p) => p.agencyCode === unit.code);
  }

  function rollup(list: Row[]): { counts: Counts; procedures: Map<string, ProcedureCounts> } {
    let counts = ZERO;
    const procedures = new Map<string, ProcedureCounts>();
    for (const r of list) {
      counts = addCounts(counts, countsOf(r));
      const p = procedures.get(r.procedure_code) ?? {
        receivedOnline: 0,
        finished: 0,
        shareOfLimitSum: 0,
        daysSum: 0,
      };
      p.receivedOnline += r.received_online;
      p.finished += r.finished;
      p.shareOfLimitSum += r.share_sum;
      p.daysSum += r.days_sum;
      procedures.set(r.procedure_code, p);
    }
    return { counts, procedures };
  }

  /** Units of a breakdown: agencies (by code) or communes (by the commune whose committee it is). */
  async function breakdown(list: Row[], by: 'agency' | 'commune') {
    const groups = new Map<string, { name: string; rows: Row[] }>();
    for (const r of list) {
      const key = by === 'agency' ? r.agency_code : r.agency_commune;
      if (!key) continue;
      const g = groups.get(key) ?? { name: by === 'agency' ? r.agency_name : '', rows: [] };
      g.rows.push(r);
      groups.set(key, g);
    }
    if (by === 'commune' && groups.size > 0) {
      const names = new Map(
        (await communesOf(db, platform.config.provinceCode)).map((c) => [c.code, c.name]),
      );
      for (const [code, g] of groups) g.name = names.get(code) ?? code;
    }
    return [...groups.entries()]
      .map(([code, g]) => ({ unit: { level: by, code, name: g.name } as Unit, rows: g.rows }))
      .sort((a, b) => a.unit.code.localeCompare(b.unit.code));
  }

  const monthOf = (query: Query) => query.month ?? vietnamDate(clock.now()).slice(0, 7);

  return {
    /** Decision 766 indicators of a unit for a month, and per agency or commune with `by`. */
    async indicators(query: Query): Promise<IndicatorReport> {
      const period = periodOf(monthOf(query));
      const { unit, agency } = await resolveScope(query);
      const [list, all] = await Promise.all([rows(period, unit), catalogue.publishedAll()]);
      const { counts, procedures } = rollup(list);
      const facts: Facts = { counts, procedures, catalogue: proceduresOf(all, unit, agency) };
      const report: IndicatorReport = {
        period,
        scope: unit,
        ...scoreAll(facts),
        procedures: [...procedures.entries()]
          .filter(([, p]) => p.finished > 0)
          .map(([code, p]) => ({
            code,
            finished: p.finished,
            averageDays: Math.round((p.daysSum / p.finished) * 100) / 100,
            averageShareOfTimeLimit: Math.round((p.shareOfLimitSum / p.finished) * 10_000) / 10_000,
          }))
          .sort((a, b) => a.code.localeCompare(b.code)),
      };
      if (query.by) {
        const agencies =
          query.by === 'agency'
            ? await Promise.all([...new Set(list.map((r) => r.agency_code))].map((c) => catalogue.agency(c)))
            : [];
        const byCode = new Map(agencies.filter((a): a is Agency => a !== undefined).map((a) => [a.code, a]));
        report.units = (await breakdown(list, query.by)).map(({ unit: u, rows: unitRows }) => {
          const rolled = rollup(unitRows);
          const scored = scoreAll({
            ...rolled,
            catalogue: proceduresOf(all, u, byCode.get(u.code)),
          });
          return {
            ...u,
            total: scored.total,
            groups: scored.groups.map((g) => ({ key: g.key, score: g.score, scoredPoints: g.scoredPoints })),
          };
        });
      }
      return report;
    },

    /** On-time, online, digitisation and satisfaction rates per agency or commune for a month. */
    async statistics(query: Query): Promise<StatisticsReport> {
      const period = periodOf(monthOf(query));
      const { unit } = await resolveScope(query);
      const list = await rows(period, unit);
      const by = query.by ?? 'agency';
      const line = (u: Unit, counts: Counts) => ({ ...u, counts, rates: rates(counts) });
      return {
        period,
        scope: unit,
        by,
        total: line(unit, rollup(list).counts),
        rows: (await breakdown(list, by)).map(({ unit: u, rows: unitRows }) =>
          line(u, rollup(unitRows).counts),
        ),
      };
    },
  };
}

export interface IndicatorReport {
  period: Period;
  scope: Unit;
  groups: GroupResult[];
  total: Score;
  /** Processing time per procedure (2.2): finished dossiers, average calendar days, average share of the limit. */
  procedures: { code: string; finished: number; averageDays: number; averageShareOfTimeLimit: number }[];
  units?: (Unit & { total: Score; groups: { key: string; score: number; scoredPoints: number }[] })[];
}

export interface StatisticsLine extends Unit {
  counts: Counts;
  rates: ReturnType<typeof rates>;
}

export interface StatisticsReport {
  period: Period;
  scope: Unit;
  by: 'agency' | 'commune';
  total: StatisticsLine;
  rows: StatisticsLine[];
}

export type Indicators = ReturnType<typeof createIndicators>;
