import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate } from './format.ts';
import { AddressText, LifeStatusBadge } from './parts.tsx';
import { PurposeForm, PurposeLine, usePurpose } from './purpose.tsx';
import { BackToSearch } from './ResidentPage.tsx';
import { type Household, type Officer, REGISTRY, withQuery } from './registry.ts';
import { useSessionExpiry } from './session.tsx';

/** `/officer/residents/households/:number`: address, head and members with their relation to the head. */
export function HouseholdPage({ officer }: { officer: Officer }) {
  const { t } = useTranslation('officer');
  const { number = '' } = useParams();
  const purpose = usePurpose();
  const title = t('household.title', { number });
  return (
    <Page title={title}>
      <BackToSearch />
      {purpose ? <HouseholdDetails number={number} purpose={purpose} officer={officer} /> : <PurposeForm />}
    </Page>
  );
}

function HouseholdDetails({
  number,
  purpose,
  officer,
}: {
  number: string;
  purpose: string;
  officer: Officer;
}) {
  const { t } = useTranslation('officer');
  const { state } = useLocation();
  const saved =
    state?.saved === 'split' || state?.saved === 'merge' ? (state.saved as 'split' | 'merge') : null;
  const household = useApi<Household>(
    withQuery(`${REGISTRY}/households/${encodeURIComponent(number)}`, { purpose }),
  );
  useSessionExpiry(household.problem);
  const data = household.data;
  const head = data?.head ?? data?.headPersonalId;
  return (
    <>
      <PurposeLine purpose={purpose} />
      {household.loading && <p role="status">{t('common.loading')}</p>}
      {household.problem && <ProblemAlert problem={household.problem} />}
      {saved && (
        <div className="success" role="status">
          <p>{t(`householdForms.saved.${saved}`)}</p>
        </div>
      )}
      {data?.dissolvedOn && (
        <div className="note" role="status">
          <p>{t('household.dissolved', { date: formatDate(data.dissolvedOn) })}</p>
        </div>
      )}
      {data && !data.dissolvedOn && officer.roles.includes('registry.write') && (
        <nav aria-label={t('householdForms.heading')} className="record-actions">
          <ul>
            {(['split', 'merge'] as const).map((action) => (
              <li key={action}>
                <Link
                  className="button button-secondary"
                  to={`/officer/residents/households/${encodeURIComponent(data.householdNumber)}/${action}`}
                >
                  {t(`householdForms.${action}.action`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {data && (
        <>
          <dl className="facts facts-wide">
            <div>
              <dt>{t('fields.householdNumber')}</dt>
              <dd className="mono">{data.householdNumber}</dd>
            </div>
            <div>
              <dt>{t('household.address')}</dt>
              <dd>
                <AddressText address={data.address} />
              </dd>
            </div>
          </dl>
          <h2>{t('household.members', { count: data.members.length })}</h2>
          <ul className="results resident-results">
            {data.members.map((member) => (
              <li key={member.personalId}>
                <div>
                  <Link to={`/officer/residents/${member.personalId}`}>{member.fullName}</Link>{' '}
                  {member.personalId === head && (
                    <span className="badge badge-info">{t('household.head')}</span>
                  )}{' '}
                  <LifeStatusBadge status={member.lifeStatus} />
                </div>
                <span className="muted">
                  {member.personalId !== head && member.relationToHead && (
                    <>{t('household.relation', { relation: member.relationToHead })} · </>
                  )}
                  {formatDate(member.birthDate)} · {t(`sex.${member.sex}`)} ·{' '}
                  <span className="mono">{member.personalId}</span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
