import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { type Agency, PUBLIC } from './api.ts';
import { useFormat } from './parts.tsx';
import { type Texts, useTexts } from './texts.ts';

/**
 * /public/service-indicators — statistics of handled dossiers and the Decision 766 indicators for a month,
 * for the province, one agency or one commune, split by agency or by commune. The figures are computed by
 * the server (GET /api/v1/public/statistics and /indicators); this page lays them out.
 */

type Rate = number | null;
interface Text {
  vi: string;
  en: string;
}
interface Unit {
  level: 'province' | 'agency' | 'commune';
  code: string;
  name: string;
}
interface Line extends Unit {
  counts: { received: number; receivedOnline: number; finished: number; onTime: number; due: number };
  rates: { onTime: Rate; online: Rate; digitisation: Rate; satisfaction: Rate };
}
interface Statistics {
  period: { month: string };
  scope: Unit;
  by: 'agency' | 'commune';
  total: Line;
  rows: Line[];
}
interface Score {
  score: number;
  max: number;
  scaled: number | null;
}
interface Indicator {
  key: string;
  name: Text;
  points: number;
  measured: boolean;
  numerator: number | null;
  denominator: number | null;
  value: Rate;
  score: number | null;
}
interface Indicators {
  period: { month: string };
  scope: Unit;
  total: Score;
  groups: {
    key: string;
    name: Text;
    points: number;
    scoredPoints: number;
    score: number;
    indicators: Indicator[];
  }[];
  units?: (Unit & { total: Score })[];
}

/** This month in Vietnam (UTC+7), as the server counts months. */
const thisMonth = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);

export function ServiceIndicators() {
  const t = useTexts();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? thisMonth();
  const scope = params.get('scope') ?? '';
  const by = params.get('by') === 'commune' ? 'commune' : 'agency';
  const [form, setForm] = useState({ month, scope, by });
  const agencies = useApi<{ items: Agency[] }>('/api/v1/agencies?limit=500');
  const query = new URLSearchParams({ month, by });
  if (scope.startsWith('c:')) query.set('commune', scope.slice(2));
  else if (scope) query.set('agency', scope);
  const stats = useApi<Statistics>(`${PUBLIC}/statistics?${query}`);
  const indicators = useApi<Indicators>(`${PUBLIC}/indicators?${query}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams({ month: form.month || thisMonth(), by: form.by, ...(form.scope && { scope: form.scope }) });
  };
  const list = agencies.data?.items ?? [];
  return (
    <Page title={t.statsTitle}>
      <p className="lead">{t.statsLead}</p>
      <form className="search-form stats-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="stats-month">{t.month}</label>
          <input
            id="stats-month"
            type="month"
            required
            value={form.month}
            onChange={(e) => setForm({ ...form, month: e.target.value })}
          />
        </div>
        <div className="field field-grow">
          <label htmlFor="stats-scope">{t.scope}</label>
          <select
            id="stats-scope"
            value={form.scope}
            onChange={(e) => setForm({ ...form, scope: e.target.value })}
          >
            <option value="">{t.scopeProvince}</option>
            <optgroup label={t.agencyFilter}>
              {list
                .filter((a) => a.level === 'province')
                .map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.name}
                  </option>
                ))}
            </optgroup>
            <optgroup label={t.communeFilter}>
              {list
                .filter((a) => a.communeCode)
                .map((a) => (
                  <option key={a.code} value={`c:${a.communeCode}`}>
                    {a.name.replace(/^Ủy ban nhân dân /i, '')}
                  </option>
                ))}
            </optgroup>
          </select>
        </div>
        <div className="field">
          <label htmlFor="stats-by">{t.splitBy}</label>
          <select id="stats-by" value={form.by} onChange={(e) => setForm({ ...form, by: e.target.value })}>
            <option value="agency">{t.byAgency}</option>
            <option value="commune">{t.byCommune}</option>
          </select>
        </div>
        <p>
          <button type="submit" className="button">
            {t.show}
          </button>
        </p>
      </form>
      <section aria-labelledby="stats-heading">
        <h2 id="stats-heading">
          {t.statistics}
          {stats.data && (
            <span className="muted">
              {' '}
              · {stats.data.scope.name} · {stats.data.period.month.split('-').reverse().join('/')}
            </span>
          )}
        </h2>
        {stats.problem && <ProblemAlert problem={stats.problem} />}
        {stats.loading && !stats.data && <p role="status">{t.loading}</p>}
        {stats.data && <StatsTable t={t} data={stats.data} />}
      </section>
      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">{t.indicators}</h2>
        {indicators.problem && <ProblemAlert problem={indicators.problem} />}
        {indicators.loading && !indicators.data && <p role="status">{t.loading}</p>}
        {indicators.data && <IndicatorGroups t={t} data={indicators.data} />}
      </section>
    </Page>
  );
}

function StatsTable({ t, data }: { t: Texts; data: Statistics }) {
  const f = useFormat();
  const rate = (r: Rate) => (r === null ? t.none : f.percent(r));
  const lines = [...data.rows, data.total];
  if (data.total.counts.received === 0 && data.rows.length === 0) return <p className="muted">{t.noData}</p>;
  return (
    <div className="table-scroll">
      <table className="summary-table stats-table">
        <thead>
          <tr>
            <th scope="col">{data.by === 'commune' ? t.communeFilter : t.agencyFilter}</th>
            <th scope="col">{t.rates.received}</th>
            <th scope="col">{t.rates.finished}</th>
            <th scope="col">{t.rates.onTimeRate}</th>
            <th scope="col">{t.rates.onlineRate}</th>
            <th scope="col">{t.rates.digitisationRate}</th>
            <th scope="col">{t.rates.satisfactionRate}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={`${l.level}-${l.code}`} className={i === lines.length - 1 ? 'stats-total' : undefined}>
              <th scope="row">{i === lines.length - 1 ? `${t.total}: ${l.name}` : l.name}</th>
              <td data-label={t.rates.received}>{l.counts.received}</td>
              <td data-label={t.rates.finished}>{l.counts.finished}</td>
              <td data-label={t.rates.onTimeRate}>{rate(l.rates.onTime)}</td>
              <td data-label={t.rates.onlineRate}>{rate(l.rates.online)}</td>
              <td data-label={t.rates.digitisationRate}>{rate(l.rates.digitisation)}</td>
              <td data-label={t.rates.satisfactionRate}>{rate(l.rates.satisfaction)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Score({ score, max }: { score: number | null; max?: number | null }) {
  const { i18n } = useTranslation();
  const n = (x: number) =>
    x.toLocaleString(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 });
  if (score === null) return <>—</>;
  return (
    <>
      <strong>{n(score)}</strong>
      {max != null && <span className="muted"> / {n(max)}</span>}
    </>
  );
}

function IndicatorGroups({ t, data }: { t: Texts; data: Indicators }) {
  const f = useFormat();
  const { i18n } = useTranslation();
  const text = (x: Text) => (i18n.resolvedLanguage === 'en' ? x.en : x.vi);
  return (
    <>
      <p className="indicator-total">
        {t.total} ({data.scope.name}): <Score score={data.total.score} max={data.total.max} />
        {data.total.scaled !== null && <span className="muted"> · {fill100(data.total.scaled)}</span>}
      </p>
      <p className="hint">{t.notMeasuredHint}</p>
      {data.groups.map((g) => (
        <div key={g.key} className="panel indicator-group">
          <h3>
            {text(g.name)} — <Score score={g.score} max={g.scoredPoints} />{' '}
            <span className="muted">
              ({t.maxScore} {g.points})
            </span>
          </h3>
          <div className="table-scroll">
            <table className="summary-table">
              <thead>
                <tr>
                  <th scope="col">{t.indicator}</th>
                  <th scope="col">{t.value}</th>
                  <th scope="col">{t.score}</th>
                </tr>
              </thead>
              <tbody>
                {g.indicators.map((i) => (
                  <tr key={i.key} className={i.measured ? undefined : 'muted'}>
                    <th scope="row">
                      <span className="muted">{i.key} </span>
                      {text(i.name)}
                    </th>
                    <td data-label={t.value}>
                      {!i.measured
                        ? t.notMeasured
                        : i.value === null
                          ? t.none
                          : `${f.percent(i.value)}${i.denominator !== null ? ` (${i.numerator}/${i.denominator})` : ''}`}
                    </td>
                    <td data-label={t.score}>
                      <Score score={i.score} max={i.points} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      {data.units && data.units.length > 0 && (
        <div className="table-scroll">
          <table className="summary-table">
            <thead>
              <tr>
                <th scope="col">{t.scope}</th>
                <th scope="col">{t.total}</th>
              </tr>
            </thead>
            <tbody>
              {data.units.map((u) => (
                <tr key={`${u.level}-${u.code}`}>
                  <th scope="row">{u.name}</th>
                  <td data-label={t.total}>
                    <Score score={u.total.score} max={u.total.max} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const fill100 = (scaled: number) => `${Math.round(scaled * 10) / 10}/100`;
