import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate, today } from './format.ts';
import { AddressText, LifeStatusBadge } from './parts.tsx';
import { PurposeForm, PurposeLine, usePurpose } from './purpose.tsx';
import { type Officer, REGISTRY, type Resident, withQuery } from './registry.ts';
import { useSessionExpiry } from './session.tsx';
import { Timeline } from './Timeline.tsx';

/** `/officer/residents/:personalId[?asOf=YYYY-MM-DD]`: the record (as of a day), household, family, timeline. */
export function ResidentPage({ officer }: { officer: Officer }) {
  const { t } = useTranslation('officer');
  const { personalId = '' } = useParams();
  const purpose = usePurpose();
  if (!purpose) {
    return (
      <Page title={t('resident.title')}>
        <BackToSearch />
        <PurposeForm />
      </Page>
    );
  }
  return <ResidentRecord personalId={personalId} purpose={purpose} officer={officer} />;
}

export function BackToSearch() {
  const { t } = useTranslation('officer');
  const { state } = useLocation();
  const search = typeof state?.search === 'string' && state.search ? `?${state.search}` : '';
  return (
    <p>
      <Link to={`/officer/residents${search}`}>← {t('resident.backToSearch')}</Link>
    </p>
  );
}

function ResidentRecord({
  personalId,
  purpose,
  officer,
}: {
  personalId: string;
  purpose: string;
  officer: Officer;
}) {
  const { t } = useTranslation('officer');
  const [params, setParams] = useSearchParams();
  const { state } = useLocation();
  const asOf = params.get('asOf') ?? '';
  const base = `${REGISTRY}/residents/${encodeURIComponent(personalId)}`;
  const resident = useApi<Resident>(withQuery(base, { purpose, asOf }));
  useSessionExpiry(resident.problem);
  const data = resident.data?.personalId === personalId ? resident.data : undefined;
  const saved = typeof state?.saved === 'string' ? state.saved : '';
  const canWrite = officer.roles.includes('registry.write');

  return (
    <Page title={data?.fullName ?? t('resident.title')}>
      <BackToSearch />
      <PurposeLine purpose={purpose} />
      {saved && (
        <div className="success" role="status">
          <p>{t(`forms.saved.${saved as 'residence' | 'death' | 'correction'}`)}</p>
        </div>
      )}
      {resident.loading && !data && <p role="status">{t('common.loading')}</p>}
      {resident.problem &&
        (asOf && resident.problem.code === 'registry.resident_not_found' ? (
          <div className="note" role="alert">
            <p>{t('asOf.notYet', { date: formatDate(asOf) })}</p>
          </div>
        ) : (
          <ProblemAlert problem={resident.problem} />
        ))}
      {asOf && resident.problem && (
        <AsOfPicker
          asOf={asOf}
          onChange={(value) =>
            setParams(value ? { asOf: value } : {}, { state: { search: state?.search }, replace: true })
          }
        />
      )}
      {data && (
        <>
          <p className="resident-id">
            <span className="muted">{t('fields.personalId')}</span>{' '}
            <span className="mono">{data.personalId}</span> <LifeStatusBadge status={data.lifeStatus} />
          </p>
          <AsOfPicker
            asOf={asOf}
            onChange={(value) =>
              setParams(value ? { asOf: value } : {}, { state: { search: state?.search }, replace: true })
            }
          />
          {!asOf && canWrite && data.version !== undefined && <Actions resident={data} />}
          <div aria-busy={resident.loading} className="record">
            <ResidentDetails resident={data} />
          </div>
        </>
      )}
      {(data || asOf) && <Timeline personalId={personalId} purpose={purpose} />}
    </Page>
  );
}

function AsOfPicker({ asOf, onChange }: { asOf: string; onChange: (value: string) => void }) {
  const { t } = useTranslation('officer');
  const [value, setValue] = useState(asOf);
  const [shown, setShown] = useState(asOf);
  if (asOf !== shown) {
    setShown(asOf);
    setValue(asOf);
  }
  const inputId = useId();
  const hintId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(value);
  };
  return (
    <>
      {asOf && (
        <div className="note" role="status">
          <p>{t('asOf.showing', { date: formatDate(asOf) })}</p>
        </div>
      )}
      <form className="search-form as-of" onSubmit={submit}>
        <div className="field">
          <label htmlFor={inputId}>{t('asOf.label')}</label>
          <p id={hintId} className="hint">
            {t('asOf.hint')}
          </p>
          <input
            id={inputId}
            type="date"
            value={value}
            max={today()}
            onChange={(event) => setValue(event.target.value)}
            aria-describedby={hintId}
          />
        </div>
        <button type="submit" className="button button-secondary">
          {t('asOf.show')}
        </button>
        {asOf && (
          <button type="button" className="button button-secondary" onClick={() => onChange('')}>
            {t('asOf.current')}
          </button>
        )}
      </form>
    </>
  );
}

function Actions({ resident }: { resident: Resident }) {
  const { t } = useTranslation('officer');
  const headingId = useId();
  const alive = resident.lifeStatus !== 'deceased';
  const to = (action: string) => `/officer/residents/${resident.personalId}/${action}`;
  return (
    <nav aria-labelledby={headingId} className="record-actions">
      <h2 id={headingId} className="visually-hidden">
        {t('actions.heading')}
      </h2>
      <ul>
        {alive && (
          <li>
            <Link className="button button-secondary" to={to('residence')}>
              {t('actions.residence')}
            </Link>
          </li>
        )}
        {alive && (
          <li>
            <Link className="button button-secondary" to={to('death')}>
              {t('actions.death')}
            </Link>
          </li>
        )}
        <li>
          <Link className="button button-secondary" to={to('correction')}>
            {t('actions.correction')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ResidentDetails({ resident: r }: { resident: Resident }) {
  const { t } = useTranslation('officer');
  const none = <span className="muted">{t('common.none')}</span>;
  const sensitive = r.ethnicity !== undefined || r.religion !== undefined;
  return (
    <>
      <section aria-labelledby="sec-personal" className="record-section">
        <h2 id="sec-personal">{t('resident.personal')}</h2>
        <dl className="facts facts-wide">
          <Fact label={t('fields.fullName')}>{r.fullName}</Fact>
          {r.otherNames.length > 0 && <Fact label={t('fields.otherNames')}>{r.otherNames.join('; ')}</Fact>}
          <Fact label={t('fields.birthDate')}>{formatDate(r.birthDate)}</Fact>
          <Fact label={t('fields.sex')}>{t(`sex.${r.sex}`)}</Fact>
          <Fact label={t('fields.nationality')}>{r.nationality}</Fact>
          <Fact label={t('fields.maritalStatus')}>{t(`maritalStatus.${r.maritalStatus}`)}</Fact>
          <Fact label={t('fields.lifeStatus')}>{t(`lifeStatus.${r.lifeStatus}`)}</Fact>
          {r.deathDate && <Fact label={t('fields.deathDate')}>{formatDate(r.deathDate)}</Fact>}
          <Fact label={t('fields.placeOfBirth')}>{r.placeOfBirth ?? none}</Fact>
          <Fact label={t('fields.birthRegistrationPlace')}>
            <AddressText address={r.birthRegistrationPlace} />
          </Fact>
          <Fact label={t('fields.hometown')}>
            <AddressText address={r.hometown} />
          </Fact>
        </dl>
        {sensitive && (
          <div className="sensitive">
            <h3>{t('resident.sensitive')}</h3>
            <p className="hint">{t('resident.sensitiveHint')}</p>
            <dl className="facts facts-wide">
              {r.ethnicity !== undefined && <Fact label={t('fields.ethnicity')}>{r.ethnicity ?? none}</Fact>}
              {r.religion !== undefined && <Fact label={t('fields.religion')}>{r.religion ?? none}</Fact>}
            </dl>
          </div>
        )}
      </section>

      <section aria-labelledby="sec-residence" className="record-section">
        <h2 id="sec-residence">{t('resident.residence')}</h2>
        <dl className="facts facts-wide">
          <Fact label={t('fields.permanentAddress')}>
            <AddressText address={r.permanentAddress} />
          </Fact>
          <Fact label={t('fields.temporaryAddress')}>
            <AddressText address={r.temporaryAddress} />
          </Fact>
          <Fact label={t('fields.currentAddress')}>
            <AddressText address={r.currentAddress} />
          </Fact>
        </dl>
      </section>

      <section aria-labelledby="sec-card" className="record-section">
        <h2 id="sec-card">{t('resident.documents')}</h2>
        {r.idCard ? (
          <dl className="facts facts-wide">
            <Fact label={t('fields.idCardNumber')}>
              <span className="mono">{r.personalId}</span>
            </Fact>
            <Fact label={t('fields.issuedOn')}>{formatDate(r.idCard.issuedOn)}</Fact>
            <Fact label={t('fields.expiresOn')}>
              {r.idCard.expiresOn ? formatDate(r.idCard.expiresOn) : t('resident.noExpiry')}
            </Fact>
            <Fact label={t('fields.authority')}>{r.idCard.authority}</Fact>
          </dl>
        ) : (
          <p>{t('resident.noIdCard')}</p>
        )}
      </section>

      <section aria-labelledby="sec-household" className="record-section">
        <h2 id="sec-household">{t('resident.household')}</h2>
        {r.householdNumber ? (
          <p>
            {t('fields.householdNumber')}{' '}
            <Link
              to={`/officer/residents/households/${encodeURIComponent(r.householdNumber)}`}
              className="mono"
            >
              {r.householdNumber}
            </Link>
          </p>
        ) : r.householdId ? (
          <p>{t('resident.householdNoNumber')}</p>
        ) : (
          <p>{t('resident.noHousehold')}</p>
        )}
      </section>

      <section aria-labelledby="sec-family" className="record-section">
        <h2 id="sec-family">{t('resident.family')}</h2>
        {r.family && r.family.length > 0 ? (
          <ul className="results family">
            {r.family.map((link) => (
              <li key={`${link.kind}-${link.personalId}-${link.from ?? ''}`}>
                <span>
                  <span className="family-kind">{t(`family.${link.kind}`)}</span>{' '}
                  {link.fullName ? (
                    <>
                      <Link to={`/officer/residents/${link.personalId}`}>{link.fullName}</Link>{' '}
                      <span className="mono muted">{link.personalId}</span>{' '}
                      {link.lifeStatus && <LifeStatusBadge status={link.lifeStatus} />}
                    </>
                  ) : (
                    <>
                      <span className="mono">{link.personalId}</span>{' '}
                      <span className="muted">{t('family.outside')}</span>
                    </>
                  )}
                </span>
                {(link.from || link.to) && (
                  <span className="muted">
                    {link.to
                      ? t('family.fromTo', { from: formatDate(link.from) || '…', to: formatDate(link.to) })
                      : t('family.since', { from: formatDate(link.from) })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('resident.noFamily')}</p>
        )}
      </section>
    </>
  );
}
