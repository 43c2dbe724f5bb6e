import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { API, type Commune, type List, type Province } from './adminUnits.ts';

const LIMIT = 20;
const MIN_QUERY = 2;
const DEBOUNCE_MS = 250;

/** Search communes by name; the query lives in the URL (?q=&province=) so results survive "back". */
export function AdminUnitSearch() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const province = params.get('province') ?? '';
  const [text, setText] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  // The URL can change without typing (nav link, back button): show its query in the box.
  if (q !== shownQ) {
    setShownQ(q);
    setText(q);
  }
  const queryId = useId();
  const hintId = useId();
  const provinceId = useId();
  const headingId = useId();

  // replace: refining a search should not fill the browser history.
  const setParam = (name: string, value: string) =>
    setParams((prev) => withParam(prev, name, value), { replace: true });

  // Search once typing pauses rather than on every keystroke.
  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(
      () => setParams((prev) => withParam(prev, 'q', text), { replace: true }),
      DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, q, setParams]);

  const provinces = useApi<List<Province>>(`${API}/provinces`);
  // Some keyboards produce decomposed Vietnamese (NFD); send one canonical form.
  const query = q.trim().normalize('NFC');
  const search = useApi<List<Commune>>(
    query.length < MIN_QUERY
      ? null
      : `${API}/communes?${new URLSearchParams({ q: query, ...(province && { province }), limit: String(LIMIT) })}`,
  );
  const items = search.data?.items;

  let status = t('adminUnits.prompt');
  if (search.loading) status = t('adminUnits.searching');
  else if (search.problem) status = '';
  else if (items?.length === 0) status = t('adminUnits.noResults');
  else if (items && items.length >= LIMIT) status = t('adminUnits.limited', { count: items.length });
  else if (items) status = t('adminUnits.found', { count: items.length });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParam('q', text);
  };

  return (
    <Page title={t('sections.admin-units.title')}>
      <p className="lead">{t('sections.admin-units.description')}</p>
      <search>
        <form className="search-form" onSubmit={submit}>
          <div className="field field-grow">
            <label htmlFor={queryId}>{t('adminUnits.query')}</label>
            <p id={hintId} className="hint">
              {t('adminUnits.queryHint')}
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
            <label htmlFor={provinceId}>{t('adminUnits.province')}</label>
            <select
              id={provinceId}
              value={province}
              onChange={(event) => setParam('province', event.target.value)}
            >
              <option value="">{t('adminUnits.allProvinces')}</option>
              {provinces.data?.items.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t('adminUnits.search')}
          </button>
        </form>
      </search>
      {/* When both requests fail, the search's message below is enough. */}
      {provinces.problem && !search.problem && <ProblemAlert problem={provinces.problem} />}

      <section aria-labelledby={headingId}>
        <h2 id={headingId}>{t('adminUnits.resultsHeading')}</h2>
        <p role="status">{status}</p>
        {search.problem && <ProblemAlert problem={search.problem} />}
        {items && !search.problem && items.length > 0 && (
          <ul className="results" aria-busy={search.loading}>
            {items.map((unit) => (
              <li key={unit.code}>
                <Link to={`/public/admin-units/${unit.code}`} state={{ search: params.toString() }}>
                  {unit.fullName}
                </Link>
                <span className="muted">
                  {unit.provinceName} · {t('adminUnits.code')} {unit.code}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function withParam(params: URLSearchParams, name: string, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(name, value);
  else next.delete(name);
  return next;
}
