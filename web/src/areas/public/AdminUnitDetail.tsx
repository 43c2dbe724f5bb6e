import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { API, type CommuneDetail, unitTypeLabel } from './adminUnits.ts';

export function AdminUnitDetail() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  // The search page passes its query so "back to the lookup" restores the same results.
  const { state } = useLocation();
  const search = typeof state?.search === 'string' && state.search ? `?${state.search}` : '';
  const unit = useApi<CommuneDetail>(`${API}/communes/${encodeURIComponent(code)}`);
  const data = unit.data;

  return (
    <Page title={data?.fullName ?? t('adminUnits.detailTitle')}>
      <p>
        <Link to={`/public/admin-units${search}`}>← {t('adminUnits.backToSearch')}</Link>
      </p>
      {unit.loading && <p role="status">{t('app.loading')}</p>}
      {unit.problem && <ProblemAlert problem={unit.problem} />}
      {data && (
        <>
          <dl className="facts">
            <div>
              <dt>{t('adminUnits.code')}</dt>
              <dd>{data.code}</dd>
            </div>
            <div>
              <dt>{t('adminUnits.type')}</dt>
              <dd>{unitTypeLabel(t, data.type)}</dd>
            </div>
            <div>
              <dt>{t('adminUnits.province')}</dt>
              <dd>{data.provinceName}</dd>
            </div>
            <div>
              <dt>{t('adminUnits.nameEn')}</dt>
              <dd lang="en">{data.nameEn}</dd>
            </div>
          </dl>
          <h2>{t('adminUnits.formedFrom')}</h2>
          {data.formedFrom?.length ? (
            <ul className="formed-from">
              {data.formedFrom.map((old) => (
                <li key={`${old.code ?? ''}-${old.name}-${old.districtName ?? ''}`}>
                  {old.name}
                  {old.districtName && <span className="muted"> — {old.districtName}</span>}
                  {old.code && (
                    <span className="muted">
                      {' '}
                      ({t('adminUnits.code')} {old.code})
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('adminUnits.formedFromNone')}</p>
          )}
        </>
      )}
    </Page>
  );
}
