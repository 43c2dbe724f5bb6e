import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { timeLimitText } from './ProcedureDetails.tsx';
import { fill, useEnglish, useProcedureTexts } from './texts.ts';
import type { Summary } from './types.ts';
import './procedures.css';

const LIMIT = 50;
const DEBOUNCE_MS = 250;

/** The citizen's catalogue search (tone-insensitive, ranked by the server); the query lives in the URL. */
export function ServiceSearch() {
  const t = useProcedureTexts();
  const english = useEnglish();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const level = params.get('level') ?? '';
  const [text, setText] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    setShownQ(q);
    setText(q);
  }
  const queryId = useId();
  const hintId = useId();
  const levelId = useId();
  const headingId = useId();
  const setParam = (name: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(() => setParam('q', text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  });

  const query = q.trim().normalize('NFC');
  const search = useApi<{ items: Summary[] }>(
    `/api/v1/procedures?${new URLSearchParams({ ...(query && { q: query }), ...(level && { level }), limit: String(LIMIT) })}`,
  );
  const items = search.data?.items;
  let status = '';
  if (search.loading) status = t.searching;
  else if (items?.length === 0) status = t.noResults;
  else if (items) status = fill(query ? t.found : t.allProcedures, { count: items.length });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParam('q', text);
  };

  return (
    <Page title={t.searchTitle}>
      <p className="lead">{t.searchLead}</p>
      <search>
        <form className="search-form" onSubmit={submit}>
          <div className="field field-grow">
            <label htmlFor={queryId}>{t.query}</label>
            <p id={hintId} className="hint">
              {t.queryHint}
            </p>
            <input
              id={queryId}
              type="search"
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-describedby={hintId}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor={levelId}>{t.level}</label>
            <select id={levelId} value={level} onChange={(event) => setParam('level', event.target.value)}>
              <option value="">{t.allLevels}</option>
              <option value="commune">{t.commune}</option>
              <option value="province">{t.province}</option>
            </select>
          </div>
          <button type="submit" className="button">
            {t.search}
          </button>
        </form>
      </search>
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>{t.results}</h2>
        <p role="status">{status}</p>
        {search.problem && <ProblemAlert problem={search.problem} />}
        {items && items.length > 0 && (
          <ul className="procedure-results" aria-busy={search.loading}>
            {items.map((p) => {
              const fastest = [...p.channels].sort((a, b) => a.timeLimit.amount - b.timeLimit.amount)[0];
              return (
                <li key={p.code} className="card">
                  <h3>
                    <Link to={`/citizen/services/${p.code}`} state={{ search: params.toString() }}>
                      {english && p.nameEn ? p.nameEn : p.name}
                    </Link>
                  </h3>
                  <p className="muted">
                    {p.field} · {t[p.level]} · {p.agency?.name ?? t.communeCommittee}
                  </p>
                  <p className="procedure-tags">
                    {p.onlineLevel ? (
                      <span className="badge badge-ready">{t[p.onlineLevel]}</span>
                    ) : (
                      <span className="badge">{t.offline}</span>
                    )}
                    {fastest && (
                      <span className="badge badge-info">
                        {t.timeLimit}: {timeLimitText(t, fastest)}
                      </span>
                    )}
                    <span className="mono muted">{p.code}</span>
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </Page>
  );
}
