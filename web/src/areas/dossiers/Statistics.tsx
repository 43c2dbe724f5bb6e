import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { type Agency, itemsOf, PUBLIC } from './api.ts';
import { useFormat } from './parts.tsx';
import { type Texts, useTexts } from './texts.ts';

/**
 * /public/service-indicators — statistics of handled dossiers and the Decision 766 indicators for a month,
 * for the province, one agency or one commune. The figures are the server's; this page only lays them out.
 */

type Row = Record<string, unknown>;

interface Indicator {
  code?: string;
  key?: string;
  name: string;
  value?: number | null;
  score?: number | null;
  max?: number | null;
  maxScore?: number | null;
  unit?: string;
}
interface IndicatorGroup {
  code?: string;
  key?: string;
  name: string;
  score?: number | null;
  max?: number | null;
  maxScore?: number | null;
  indicators: Indicator[];
}
interface Indicators {
  scope?: { name?: string } | null;
  month?: string;
  total?: number | null;
  max?: number | null;
  maxScore?: number | null;
  groups: IndicatorGroup[];
}

const thisMonth = () => new Date().toISOString().slice(0, 7);

export function ServiceIndicators() {
  const t = useTexts();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? thisMonth();
  const agency = params.get('agency') ?? '';
  const [form, setForm] = useState({ month, agency });
  const agencies = useApi<{ items: Agency[] } | Agency[]>('/api/v1/agencies?limit=500');
  const query = new URLSearchParams({ month, ...(agency && { agency }) }).toString();
  const stats = useApi<{ items: Row[] } | Row[] | Row>(`${PUBLIC}/statistics?${query}`);
  const indicators = useApi<Indicators>(`${PUBLIC}/indicators?${query}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams({ month: form.month || thisMonth(), ...(form.agency && { agency: form.agency }) });
  };
  const list = itemsOf(agencies.data) ?? [];
  return (
    <Page title={t.statsTitle}>
      <p className="lead">{t.statsLead}</p>
      <form className="search-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="stats-month">{t.month}</label>
          <input
            id="stats-month"
            type="month"
            value={form.month}
            onChange={(e) => setForm({ ...form, month: e.target.value })}
          />
        </div>
        <div className="field field-grow">
          <label htmlFor="stats-agency">{t.scope}</label>
          <select
            id="stats-agency"
            value={form.agency}
            onChange={(e) => setForm({ ...form, agency: e.target.value })}
          >
            <option value="">{t.scopeProvince}</option>
            {list.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit" className="button">
            {t.show}
          </button>
        </p>
      </form>
      <section aria-labelledby="stats-heading">
        <h2 id="stats-heading">{t.statistics}</h2>
        {stats.problem && <ProblemAlert problem={stats.problem} />}
        {stats.loading && !stats.data && <p role="status">{t.loading}</p>}
        {stats.data && <StatsTable t={t} rows={rowsOf(stats.data)} />}
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

function rowsOf(data: { items: Row[] } | Row[] | Row): Row[] {
  if (Array.isArray(data)) return data;
  if (Array.isArray((data as { items?: Row[] }).items)) return (data as { items: Row[] }).items;
  return [data as Row];
}

const nameOf = (row: Row) =>
  String(row.name ?? (row.agency as Row | undefined)?.name ?? row.commune ?? row.label ?? row.code ?? '');

function StatsTable({ t, rows }: { t: Texts; rows: Row[] }) {
  const f = useFormat();
  if (rows.length === 0) return <p className="muted">{t.noData}</p>;
  const keys = [
    ...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => typeof r[k] === 'number' || r[k] === null))),
  ];
  const cell = (key: string, v: unknown) =>
    typeof v !== 'number' ? t.none : /rate|ratio/i.test(key) ? f.percent(v) : v.toLocaleString('vi-VN');
  return (
    <div className="table-scroll">
      <table className="summary-table stats-table">
        <thead>
          <tr>
            <th scope="col">{t.scope}</th>
            {keys.map((k) => (
              <th key={k} scope="col">
                {t.rates[k] ?? k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are replaced whole, never reordered
            <tr key={`${nameOf(r)}-${i}`}>
              <th scope="row">{nameOf(r) || t.scopeProvince}</th>
              {keys.map((k) => (
                <td key={k} data-label={t.rates[k] ?? k}>
                  {cell(k, r[k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Score({ score, max }: { score?: number | null; max?: number | null }) {
  if (score == null) return <>—</>;
  const round = (n: number) => Math.round(n * 100) / 100;
  return (
    <>
      <strong>{round(score).toLocaleString('vi-VN')}</strong>
      {max != null && <span className="muted"> / {round(max).toLocaleString('vi-VN')}</span>}
    </>
  );
}

function IndicatorGroups({ t, data }: { t: Texts; data: Indicators }) {
  const f = useFormat();
  const groups = data.groups ?? [];
  if (groups.length === 0) return <p className="muted">{t.noData}</p>;
  const value = (i: Indicator) =>
    i.value == null
      ? t.none
      : i.unit === '%' || (i.value <= 1 && i.unit !== 'count')
        ? f.percent(i.value)
        : String(i.value);
  return (
    <>
      {data.total != null && (
        <p className="indicator-total">
          {t.total}: <Score score={data.total} max={data.max ?? data.maxScore} />
        </p>
      )}
      {groups.map((g) => (
        <div key={g.code ?? g.key ?? g.name} className="panel indicator-group">
          <h3>
            {g.code && <span className="muted">{g.code}. </span>}
            {g.name} — <Score score={g.score} max={g.max ?? g.maxScore} />
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
                  <tr key={i.code ?? i.key ?? i.name}>
                    <th scope="row">
                      {i.code && <span className="muted">{i.code} </span>}
                      {i.name}
                    </th>
                    <td data-label={t.value}>{value(i)}</td>
                    <td data-label={t.score}>
                      <Score score={i.score} max={i.max ?? i.maxScore} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </>
  );
}
