import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate } from './format.ts';
import { AddressText, LifeStatusBadge } from './parts.tsx';
import { PurposeForm, PurposeLine, usePurpose } from './purpose.tsx';
import { BackToSearch } from './ResidentPage.tsx';
import { type Household, REGISTRY, withQuery } from './registry.ts';
import { useSessionExpiry } from './session.tsx';

/** `/officer/residents/households/:number`: address, head and members with their relation to the head. */
export function HouseholdPage() {
  const { t } = useTranslation('officer');
  const { number = '' } = useParams();
  const purpose = usePurpose();
  const title = t('household.title', { number });
  return (
    <Page title={title}>
      <BackToSearch />
      {purpose ? <HouseholdDetails number={number} purpose={purpose} /> : <PurposeForm />}
    </Page>
  );
}

function HouseholdDetails({ number, purpose }: { number: string; purpose: string }) {
  const { t } = useTranslation('officer');
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
