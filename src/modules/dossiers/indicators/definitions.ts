/**
 * The Decision 766/QĐ-TTg service index (DOMAIN §7): five groups worth 100 points, each indicator a
 * ratio scored in proportion to its full-score threshold. Pure: the counts come from compute.ts.
 *
 * Points inside each group are this platform's allocation of the group's points among the indicators it
 * can measure (the decision fixes the groups: transparency 18, progress 20, online services 12, online
 * payment 10, digitisation 22, satisfaction 18). An indicator without data for the period (no dossier due,
 * no procedure in scope) scores null and leaves the maximum: the total is scaled to 100 over the points
 * that could be scored, and the unscaled points and their maximum are given beside it.
 */
import type { ProcedureVersion } from '../../procedures/index.ts';

export type Text = { vi: string; en: string };

/** Counts over the dossiers of one unit (province, agency or commune) and month. */
export interface Counts {
  /** Received in the month (the processing clock started). */
  received: number;
  receivedOnline: number;
  /** Received and recorded for the national portal (sync adapter). */
  synced: number;
  /** Received with a fee to pay, and of those paid online. */
  feeBearing: number;
  paidOnline: number;
  /** Received with the form pre-filled from the registry / e-ID (re-used digitised data). */
  prefilled: number;
  /** Received pre-filled from the registry or filed by a person authenticated with e-ID. */
  populationData: number;
  /**
   * Due in the month: processing finished in the month, or still open (not waiting for the applicant)
   * with an appointment date in the month already past.
   */
  due: number;
  /** Of those, finished by the appointment date, at most one supplementation request, no apology letter. */
  onTime: number;
  /** Processing finished in the month. */
  finished: number;
  electronicResult: number;
  /** Finished with components as files and an electronic result. */
  digitised: number;
  /** Ratings given on dossiers due in the month, and the satisfied ones. */
  rated: number;
  satisfied: number;
  /** Dossiers due in the month rated "not satisfied" or with a complaint (phản ánh) filed on them. */
  dissatisfied: number;
  /** Finished in the month having used the citizen's document store (a component from it, or the result into it). */
  storeUsed: number;
  /** Feedback answered in the month, or unanswered past a due date in it; and of those answered in time. */
  feedbackDue: number;
  feedbackOnTime: number;
}

export const ZERO: Counts = {
  received: 0,
  receivedOnline: 0,
  synced: 0,
  feeBearing: 0,
  paidOnline: 0,
  prefilled: 0,
  populationData: 0,
  due: 0,
  onTime: 0,
  finished: 0,
  electronicResult: 0,
  digitised: 0,
  rated: 0,
  satisfied: 0,
  dissatisfied: 0,
  storeUsed: 0,
  feedbackDue: 0,
  feedbackOnTime: 0,
};

export function addCounts(a: Counts, b: Counts): Counts {
  const out = { ...a };
  for (const key of Object.keys(ZERO) as (keyof Counts)[]) out[key] = a[key] + b[key];
  return out;
}

/** Per procedure (national code) within the unit and month. */
export interface ProcedureCounts {
  receivedOnline: number;
  finished: number;
  /** Sum over finished dossiers of elapsed calendar days ÷ allowed calendar days (received → appointment). */
  shareOfLimitSum: number;
  /** Sum over finished dossiers of calendar days from reception to finishing. */
  daysSum: number;
}

export interface Facts {
  counts: Counts;
  procedures: Map<string, ProcedureCounts>;
  /** The published procedures the unit implements. */
  catalogue: ProcedureVersion[];
}

export interface Ratio {
  numerator: number;
  denominator: number;
}

export interface IndicatorDefinition {
  key: string;
  group: GroupKey;
  name: Text;
  points: number;
  /** The ratio at and above which the indicator scores full points (1 when not stated). */
  threshold: number;
  /** null: not measured by the platform. A zero denominator means no data for the period. */
  measure: ((facts: Facts) => Ratio) | null;
}

export type GroupKey = 'transparency' | 'progress' | 'online' | 'payment' | 'digitisation' | 'satisfaction';

export const GROUPS: { key: GroupKey; name: Text; points: number }[] = [
  { key: 'transparency', name: { vi: 'Công khai, minh bạch', en: 'Transparency' }, points: 18 },
  { key: 'progress', name: { vi: 'Tiến độ giải quyết', en: 'Processing progress' }, points: 20 },
  { key: 'online', name: { vi: 'Dịch vụ công trực tuyến', en: 'Online services' }, points: 12 },
  { key: 'payment', name: { vi: 'Thanh toán trực tuyến', en: 'Online payment' }, points: 10 },
  { key: 'digitisation', name: { vi: 'Số hóa hồ sơ', en: 'Digitisation' }, points: 22 },
  { key: 'satisfaction', name: { vi: 'Mức độ hài lòng', en: 'Satisfaction' }, points: 18 },
];

const online = (p: ProcedureVersion) => p.channels.some((c) => c.channel === 'online');
const feeBearing = (p: ProcedureVersion) => p.channels.some((c) => (c.fee?.amount ?? 0) > 0);
/** Payable online: the fee can be paid on the online channel (the platform's payment), i.e. it has one. */
const payableOnline = (p: ProcedureVersion) =>
  p.channels.some((c) => c.channel === 'online' && c.fee !== null);

/** All the mandatory parts of a procedure are published (Decree 63/2010/NĐ-CP Art. 8). */
export function complete(p: ProcedureVersion): boolean {
  return (
    p.name.trim() !== '' &&
    p.steps.length > 0 &&
    p.channels.length > 0 &&
    p.channels.every((c) => c.timeLimit.amount > 0) &&
    p.components.some((c) => c.items.length > 0) &&
    p.applicantTypes.length > 0 &&
    (p.agencyCode !== null || p.level === 'commune') &&
    p.result.trim() !== '' &&
    p.legalBasis.length > 0
  );
}

const count = (items: ProcedureVersion[], test: (p: ProcedureVersion) => boolean) =>
  items.filter(test).length;

export const INDICATORS: IndicatorDefinition[] = [
  {
    key: '1.1',
    group: 'transparency',
    name: {
      vi: 'Thủ tục hành chính được công bố, công khai đầy đủ các bộ phận',
      en: 'Procedures published with all their mandatory parts',
    },
    points: 8,
    threshold: 1,
    measure: ({ catalogue }) => ({ numerator: count(catalogue, complete), denominator: catalogue.length }),
  },
  {
    key: '1.2',
    group: 'transparency',
    name: {
      vi: 'Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia',
      en: 'Dossiers synchronised with the national portal',
    },
    points: 10,
    threshold: 1,
    measure: ({ counts }) => ({ numerator: counts.synced, denominator: counts.received }),
  },
  {
    key: '2.1',
    group: 'progress',
    name: {
      vi: 'Hồ sơ giải quyết trước hạn, đúng hạn',
      en: 'Dossiers finished early or on time',
    },
    points: 14,
    threshold: 1,
    measure: ({ counts }) => ({ numerator: counts.onTime, denominator: counts.due }),
  },
  {
    key: '2.2',
    group: 'progress',
    name: {
      vi: 'Thủ tục có thời gian giải quyết trung bình trong thời hạn',
      en: 'Procedures whose average processing time is within the time limit',
    },
    points: 6,
    threshold: 1,
    measure: ({ procedures }) => {
      let within = 0;
      let measured = 0;
      for (const p of procedures.values()) {
        if (p.finished === 0) continue;
        measured++;
        if (p.shareOfLimitSum / p.finished <= 1) within++;
      }
      return { numerator: within, denominator: measured };
    },
  },
  {
    key: '3.1',
    group: 'online',
    name: { vi: 'Thủ tục cung cấp dịch vụ công trực tuyến', en: 'Procedures offered online' },
    points: 4,
    threshold: 0.8,
    measure: ({ catalogue }) => ({ numerator: count(catalogue, online), denominator: catalogue.length }),
  },
  {
    key: '3.2',
    group: 'online',
    name: {
      vi: 'Dịch vụ công trực tuyến có phát sinh hồ sơ',
      en: 'Online services that received dossiers',
    },
    points: 4,
    threshold: 1,
    measure: ({ catalogue, procedures }) => {
      const offered = catalogue.filter(online);
      return {
        numerator: offered.filter((p) => (procedures.get(p.code)?.receivedOnline ?? 0) > 0).length,
        denominator: offered.length,
      };
    },
  },
  {
    key: '3.3',
    group: 'online',
    name: { vi: 'Hồ sơ nộp trực tuyến', en: 'Dossiers submitted online' },
    points: 4,
    threshold: 0.5,
    measure: ({ counts }) => ({ numerator: counts.receivedOnline, denominator: counts.received }),
  },
  {
    key: '3.5',
    group: 'payment',
    name: {
      vi: 'Thủ tục có phí, lệ phí được thanh toán trực tuyến',
      en: 'Fee-bearing procedures payable online',
    },
    points: 5,
    threshold: 0.8,
    measure: ({ catalogue }) => {
      const paying = catalogue.filter(feeBearing);
      return { numerator: count(paying, payableOnline), denominator: paying.length };
    },
  },
  {
    key: '3.6',
    group: 'payment',
    name: { vi: 'Hồ sơ thanh toán trực tuyến', en: 'Fee-bearing dossiers paid online' },
    points: 5,
    threshold: 1,
    measure: ({ counts }) => ({ numerator: counts.paidOnline, denominator: counts.feeBearing }),
  },
  {
    key: '4.1',
    group: 'digitisation',
    name: { vi: 'Hồ sơ có kết quả điện tử', en: 'Dossiers with an electronic result' },
    points: 4,
    threshold: 1,
    measure: ({ counts }) => ({ numerator: counts.electronicResult, denominator: counts.finished }),
  },
  {
    key: '4.2',
    group: 'digitisation',
    name: {
      vi: 'Hồ sơ được số hóa',
      en: 'Digitised dossiers (components as files and an electronic result)',
    },
    points: 6,
    threshold: 0.8,
    measure: ({ counts }) => ({ numerator: counts.digitised, denominator: counts.finished }),
  },
  {
    key: '4.3',
    group: 'digitisation',
    name: { vi: 'Hồ sơ tái sử dụng dữ liệu số hóa', en: 'Dossiers re-using digitised data' },
    points: 4,
    threshold: 0.8,
    measure: ({ counts }) => ({ numerator: counts.prefilled, denominator: counts.received }),
  },
  {
    key: '4.4',
    group: 'digitisation',
    name: {
      vi: 'Hồ sơ sử dụng kho quản lý dữ liệu điện tử của cá nhân',
      en: 'Dossiers using the citizen’s personal document store',
    },
    points: 4,
    threshold: 1,
    measure: ({ counts }) => ({ numerator: counts.storeUsed, denominator: counts.finished }),
  },
  {
    key: '4.5',
    group: 'digitisation',
    name: {
      vi: 'Hồ sơ khai thác dữ liệu dân cư (định danh điện tử hoặc điền sẵn)',
      en: 'Dossiers using population data (e-ID sign-in or pre-filled from the registry)',
    },
    points: 4,
    threshold: 1,
    measure: ({ counts }) => ({ numerator: counts.populationData, denominator: counts.received }),
  },
  {
    key: '5.1',
    group: 'satisfaction',
    name: {
      vi: 'Phản ánh, kiến nghị được xử lý đúng hạn (15 ngày làm việc)',
      en: 'Feedback handled on time (15 working days)',
    },
    points: 6,
    threshold: 1,
    measure: ({ counts }) => ({ numerator: counts.feedbackOnTime, denominator: counts.feedbackDue }),
  },
  {
    key: '5.2',
    group: 'satisfaction',
    name: {
      vi: 'Mức độ hài lòng: 100% − (tỷ lệ quá hạn + tỷ lệ bị phản ánh hoặc không hài lòng)',
      en: 'Satisfaction: 100% − (overdue rate + rate with a complaint or "not satisfied")',
    },
    points: 12,
    threshold: 0.9,
    measure: ({ counts }) => {
      const overdue = counts.due - counts.onTime;
      return { numerator: Math.max(0, counts.due - overdue - counts.dissatisfied), denominator: counts.due };
    },
  },
];

export interface IndicatorResult {
  key: string;
  group: GroupKey;
  name: Text;
  points: number;
  threshold: number;
  measured: boolean;
  numerator: number | null;
  denominator: number | null;
  /** numerator ÷ denominator (0 to 1), null without data. */
  value: number | null;
  /** points × min(1, value ÷ threshold), rounded to 0.01; null without data. */
  score: number | null;
}

export interface GroupResult {
  key: GroupKey;
  name: Text;
  points: number;
  /** Points of the group's indicators that could be scored. */
  scoredPoints: number;
  score: number;
  indicators: IndicatorResult[];
}

export interface Score {
  /** Sum of the scored indicators' points. */
  score: number;
  /** Sum of the points of the indicators that could be scored. */
  max: number;
  /** score ÷ max × 100, rounded to 0.01; null when nothing could be scored. */
  scaled: number | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function scoreIndicator(definition: IndicatorDefinition, facts: Facts): IndicatorResult {
  const { measure, ...rest } = definition;
  const base = {
    key: rest.key,
    group: rest.group,
    name: rest.name,
    points: rest.points,
    threshold: rest.threshold,
  };
  if (!measure)
    return { ...base, measured: false, numerator: null, denominator: null, value: null, score: null };
  const { numerator, denominator } = measure(facts);
  if (denominator === 0) return { ...base, measured: true, numerator, denominator, value: null, score: null };
  const value = numerator / denominator;
  return {
    ...base,
    measured: true,
    numerator,
    denominator,
    value: Math.round(value * 10_000) / 10_000,
    score: round2(rest.points * Math.min(1, value / rest.threshold)),
  };
}

export function scoreAll(facts: Facts): { groups: GroupResult[]; total: Score } {
  const results = INDICATORS.map((d) => scoreIndicator(d, facts));
  const groups = GROUPS.map((g) => {
    const indicators = results.filter((r) => r.group === g.key);
    const scored = indicators.filter((r) => r.score !== null);
    return {
      key: g.key,
      name: g.name,
      points: g.points,
      scoredPoints: scored.reduce((s, r) => s + r.points, 0),
      score: round2(scored.reduce((s, r) => s + (r.score ?? 0), 0)),
      indicators,
    };
  });
  const score = round2(groups.reduce((s, g) => s + g.score, 0));
  const max = groups.reduce((s, g) => s + g.scoredPoints, 0);
  return { groups, total: { score, max, scaled: max === 0 ? null : round2((score / max) * 100) } };
}

/** The rates of the statistics page (0 to 1, null without data). */
export function rates(c: Counts) {
  const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
  return {
    onTime: ratio(c.onTime, c.due),
    online: ratio(c.receivedOnline, c.received),
    digitisation: ratio(c.digitised, c.finished),
    satisfaction: ratio(c.satisfied, c.rated),
  };
}
