import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate, useProvinceCommunes } from './format.ts';
import { CommuneName, LifeStatusBadge } from './parts.tsx';
import { PurposeGate } from './purpose.tsx';
import { type Items, type Officer, PERSONAL_ID, REGISTRY, type Summary, withQuery } from './registry.ts';
import { useSessionExpiry } from './session.tsx';

const LIMIT = 20;

/** Search by personal ID, by name (+ birth year, commune) or by household number; the query lives in the URL. */
export function ResidentSearch({ officer }: { officer: Officer }) {
  const { t } = useTranslation('officer');
  const { t: tc } = useTranslation();
  return (
    <Page title={tc('sections.residents.title')}>
      <p className="lead">{t('search.lead')}</p>
      <PurposeGate>{(purpose) => <SearchForms officer={officer} purpose={purpose} />}</PurposeGate>
    </Page>
  );
}

function SearchForms({ officer, purpose }: { officer: Officer; purpose: string }) {
  const { t } = useTranslation('officer');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const birthYear = params.get('birthYear') ?? '';
  const commune = params.get('commune') ?? '';
  const [text, setText] = useState(q);
  const [year, setYear] = useState(birthYear);
  const [place, setPlace] = useState(commune);
  // The URL can change without the form (back button, nav link): show its search in the fields.
  const [shown, setShown] = useState(params.toString());
  if (params.toString() !== shown) {
    setShown(params.toString());
    setText(q);
    setYear(birthYear);
    setPlace(commune);
  }
  const [household, setHousehold] = useState('');
  const [formError, setFormError] = useState('');
  const [householdError, setHouseholdError] = useState('');
  const ids = { q: useId(), qHint: useId(), year: useId(), commune: useId(), hh: useId(), hhErr: useId() };
  const resultsHeading = useId();
  const householdHeading = useId();

  const province = officer.jurisdiction.level === 'province' ? officer.jurisdiction.code : null;
  const communes = useProvinceCommunes(province);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = text.trim().normalize('NFC');
    const compact = query.replace(/\s+/g, '');
    if (PERSONAL_ID.test(compact)) {
      navigate(`/officer/residents/${compact}`);
      return;
    }
    if (query.length < 2) {
      setFormError(t('search.tooShort'));
      return;
    }
    if (year && !/^\d{4}$/.test(year)) {
      setFormError(t('search.badYear'));
      return;
    }
    setFormError('');
    const next: Record<string, string> = { q: query };
    if (year) next.birthYear = year;
    if (place) next.commune = place;
    setParams(next);
  };

  const submitHousehold = (event: FormEvent) => {
    event.preventDefault();
    const number = household.trim();
    if (!number) {
      setHouseholdError(t('search.householdRequired'));
      return;
    }
    setHouseholdError('');
    navigate(`/officer/residents/households/${encodeURIComponent(number)}`);
  };

  const search = useApi<Items<Summary>>(
    q
      ? withQuery(`${REGISTRY}/residents`, {
          q,
          birthYear,
          commune,
          purpose,
          limit: String(LIMIT),
        })
      : null,
  );
  useSessionExpiry(search.problem);
  const items = search.data?.items;

  let status = q ? '' : t('search.prompt');
  if (search.loading) status = t('search.searching');
  else if (search.problem) status = '';
  else if (items?.length === 0) status = t('search.noResults');
  else if (items && items.length >= LIMIT) status = t('search.limited', { count: items.length });
  else if (items) status = t('search.found', { count: items.length });

  return (
    <>
      <search>
        <form className="search-form" onSubmit={submit} noValidate>
          <div className="field field-grow">
            <label htmlFor={ids.q}>{t('search.query')}</label>
            <p id={ids.qHint} className="hint">
              {t('search.queryHint')}
            </p>
            <input
              id={ids.q}
              type="search"
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-describedby={ids.qHint}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div className="field field-year">
            <label htmlFor={ids.year}>{t('search.birthYear')}</label>
            <input
              id={ids.year}
              inputMode="numeric"
              pattern="[0-9]{4}"
              maxLength={4}
              value={year}
              onChange={(event) => setYear(event.target.value.replace(/\D/g, ''))}
              autoComplete="off"
            />
          </div>
          {province ? (
            <div className="field">
              <label htmlFor={ids.commune}>{t('search.commune')}</label>
              <select id={ids.commune} value={place} onChange={(event) => setPlace(event.target.value)}>
                <option value="">{t('search.allCommunes', { name: officer.jurisdiction.name })}</option>
                {communes.items?.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.fullName}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit" className="button">
            {t('search.submit')}
          </button>
        </form>
        <p className="field-error" aria-live="assertive">
          {formError}
        </p>
        {officer.jurisdiction.level === 'commune' && (
          <p className="hint">{t('search.scope', { name: officer.jurisdiction.name })}</p>
        )}
        {communes.failed && <p className="hint">{t('search.communesFailed')}</p>}
      </search>

      <section aria-labelledby={resultsHeading}>
        <h2 id={resultsHeading}>{t('search.results')}</h2>
        <p role="status">{status}</p>
        {search.problem && <ProblemAlert problem={search.problem} />}
        {items && !search.problem && items.length > 0 && (
          <ul className="results resident-results" aria-busy={search.loading}>
            {items.map((person) => (
              <li key={person.personalId}>
                <div>
                  <Link to={`/officer/residents/${person.personalId}`} state={{ search: params.toString() }}>
                    {person.fullName}
                  </Link>{' '}
                  <LifeStatusBadge status={person.lifeStatus} />
                </div>
                <span className="muted">
                  {formatDate(person.birthDate)} · {t(`sex.${person.sex}`)} ·{' '}
                  <CommuneName address={person.currentAddress} /> ·{' '}
                  <span className="visually-hidden">{t('fields.personalId')} </span>
                  <span className="mono">{person.personalId}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={householdHeading} className="household-search">
        <h2 id={householdHeading}>{t('search.householdHeading')}</h2>
        <form className="search-form" onSubmit={submitHousehold} noValidate>
          <div className="field">
            <label htmlFor={ids.hh}>{t('search.householdNumber')}</label>
            <input
              id={ids.hh}
              value={household}
              onChange={(event) => setHousehold(event.target.value)}
              aria-describedby={householdError ? ids.hhErr : undefined}
              aria-invalid={householdError ? true : undefined}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <button type="submit" className="button button-secondary">
            {t('search.householdSubmit')}
          </button>
        </form>
        <p id={ids.hhErr} className="field-error" aria-live="assertive">
          {householdError}
        </p>
      </section>

      <p>
        <Link to="/officer/residents/files">{t('files.link')}</Link>
      </p>
    </>
  );
}
