import './admin.css';
import { type FormEvent, useEffect, useState } from 'react';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import type { Officer } from '../officer/registry.ts';
import { useSessionExpiry } from '../officer/session.tsx';
import { CommuneBars, CumulativeChart, MonthlyBars, type MonthPoint } from './charts.tsx';
import { fill, monthLabel, useAdminTexts, useNumber } from './texts.ts';

// Shape of GET /api/v1/identity/statistics: only what the page shows.
interface Statistics {
  scope: { level: 'province' | 'commune'; code: string; name: string | null };
  from: string;
  to: string;
  totals: { level1: number; level2: number; total: number };
  communes: { code: string | null; name: string | null; level1: number; level2: number; total: number }[];
  series: MonthPoint[];
  targets: {
    unit: { level: string; code: string; name: string | null };
    period: string;
    level: number;
    target: number;
    achieved: number;
    asOf: string;
    percent: number;
  }[];
}

const TOP_COMMUNES = 15;

/**
 * e-ID activation statistics for officers (/admin/activations): a province officer sees the province or
 * picks one of its communes, a commune officer sees theirs (the server decides; the page only asks).
 */
export function ActivationStats({ officer }: { officer: Officer }) {
  const t = useAdminTexts();
  const format = useNumber();
  const [query, setQuery] = useState<{ from?: string; to?: string; commune?: string }>({});
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]);
  const stats = useApi<Statistics>(`/api/v1/identity/statistics${params.size ? `?${params}` : ''}`);
  // The province's communes, from the first province-wide answer, for the commune picker.
  const [communeList, setCommuneList] = useState<{ code: string; name: string }[]>([]);
  useSessionExpiry(stats.problem);
  const data = stats.data;
  // The month fields show the months answered until the officer changes them.
  const [months, setMonths] = useState({ from: '', to: '', touched: false });
  useEffect(() => {
    if (data) setMonths((m) => (m.touched ? m : { from: data.from, to: data.to, touched: false }));
  }, [data]);
  useEffect(() => {
    if (data?.scope.level !== 'province') return;
    setCommuneList(
      data.communes
        .filter((c): c is typeof c & { code: string; name: string } => c.code !== null && c.name !== null)
        .map((c) => ({ code: c.code, name: c.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    );
  }, [data]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => (String(form.get(name) ?? '') || undefined) as string | undefined;
    setQuery({ from: value('from'), to: value('to'), commune: value('commune') });
  };

  const scopeName =
    data?.scope.level === 'province'
      ? fill(t.scopeProvince, { name: data.scope.name ?? data.scope.code })
      : (data?.scope.name ?? data?.scope.code);
  const levelName = (level: number) => (level === 2 ? t.levelTwo : t.levelAll);
  const scopeTargets =
    data?.targets
      .filter((x) => x.unit.level === data.scope.level && x.unit.code === data.scope.code)
      .map((x) => ({
        label: fill(t.targetOf, { period: x.period, level: levelName(x.level) }),
        value: x.target,
      })) ?? [];

  return (
    <Page title={t.title}>
      <p className="lead">{t.lead}</p>
      <form className="search-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="stats-from">{t.from}</label>
          <input
            id="stats-from"
            name="from"
            type="month"
            value={months.from}
            onChange={(e) => setMonths({ ...months, from: e.target.value, touched: true })}
          />
        </div>
        <div className="field">
          <label htmlFor="stats-to">{t.to}</label>
          <input
            id="stats-to"
            name="to"
            type="month"
            value={months.to}
            onChange={(e) => setMonths({ ...months, to: e.target.value, touched: true })}
          />
        </div>
        {officer.jurisdiction.level === 'province' && (
          <div className="field field-grow">
            <label htmlFor="stats-commune">{t.commune}</label>
            <select id="stats-commune" name="commune" defaultValue={query.commune ?? ''}>
              <option value="">{t.wholeProvince}</option>
              {communeList.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="button">
          {t.show}
        </button>
      </form>

      {stats.problem && <ProblemAlert problem={stats.problem} />}
      {stats.loading && !data && <p role="status">{t.loading}</p>}
      {data && (
        <div className="stats" aria-busy={stats.loading}>
          <h2>
            {scopeName} <span className="muted">— {fill(t.asOf, { month: monthLabel(data.to) })}</span>
          </h2>
          <dl className="stats-totals">
            <div>
              <dt>{t.total}</dt>
              <dd>{format(data.totals.total)}</dd>
            </div>
            <div>
              <dt>{t.level1}</dt>
              <dd>{format(data.totals.level1)}</dd>
            </div>
            <div>
              <dt>{t.level2}</dt>
              <dd>{format(data.totals.level2)}</dd>
            </div>
          </dl>

          <h2>{t.targets}</h2>
          {data.targets.length === 0 ? (
            <p className="muted">{t.noTargets}</p>
          ) : (
            <ul className="stats-targets">
              {data.targets.map((x) => (
                <li key={`${x.unit.level}-${x.unit.code}-${x.period}-${x.level}`}>
                  <p>
                    <strong>
                      {fill(t.targetLine, {
                        unit:
                          x.unit.name ??
                          (x.unit.level === 'province' ? (scopeName ?? x.unit.code) : x.unit.code),
                        period: x.period,
                        level: levelName(x.level),
                      })}
                    </strong>
                    {': '}
                    {fill(t.achieved, {
                      achieved: format(x.achieved),
                      target: format(x.target),
                      percent: format(x.percent),
                    })}{' '}
                    <span className="muted">({fill(t.measuredAt, { month: monthLabel(x.asOf) })})</span>
                  </p>
                  <meter
                    min={0}
                    max={Math.max(x.target, x.achieved)}
                    low={x.target * 0.8}
                    optimum={x.target}
                    value={x.achieved}
                  >
                    {x.percent} %
                  </meter>
                </li>
              ))}
            </ul>
          )}

          <CumulativeChart
            series={data.series}
            targets={scopeTargets}
            title={t.cumulativeTitle}
            legend={{ total: t.totalLine, level2: t.level2Line }}
            format={format}
          />
          <MonthlyBars
            series={data.series}
            title={t.monthlyTitle}
            legend={{ activated: t.monthlyNew, level2: t.monthlyLevel2 }}
            format={format}
          />
          {data.communes.filter((c) => c.total > 0).length > 1 && (
            <CommuneBars
              communes={data.communes
                .filter((c) => c.total > 0)
                .slice(0, TOP_COMMUNES)
                .map((c) => ({
                  key: c.code ?? 'unknown',
                  name: c.name ?? t.unknownCommune,
                  level1: c.level1,
                  level2: c.level2,
                  total: c.total,
                }))}
              title={fill(t.communesTop, {
                count: Math.min(TOP_COMMUNES, data.communes.filter((c) => c.total > 0).length),
              })}
              legend={{ level1: t.level1, level2: t.level2 }}
              format={format}
            />
          )}

          <details className="stats-table">
            <summary>{t.table}</summary>
            <table className="summary-table">
              <caption>{t.monthlyTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.month}</th>
                  <th scope="col">{t.monthlyNew}</th>
                  <th scope="col">{t.monthlyLevel2}</th>
                  <th scope="col">{t.totalLine}</th>
                  <th scope="col">{t.level2Line}</th>
                </tr>
              </thead>
              <tbody>
                {data.series.map((p) => (
                  <tr key={p.month}>
                    <th scope="row">{monthLabel(p.month)}</th>
                    <td>{format(p.activated)}</td>
                    <td>{format(p.level2)}</td>
                    <td>{format(p.total)}</td>
                    <td>{format(p.totalLevel2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="summary-table">
              <caption>{t.communesTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.code}</th>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{t.level1}</th>
                  <th scope="col">{t.level2}</th>
                  <th scope="col">{t.total}</th>
                </tr>
              </thead>
              <tbody>
                {data.communes.map((c) => (
                  <tr key={c.code ?? 'unknown'}>
                    <td>{c.code ?? '—'}</td>
                    <th scope="row">{c.name ?? t.unknownCommune}</th>
                    <td>{format(c.level1)}</td>
                    <td>{format(c.level2)}</td>
                    <td>{format(c.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      )}
    </Page>
  );
}
