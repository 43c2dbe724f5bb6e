import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useSessionExpiry } from '../officer/session.tsx';
import { fill, useFormat, useProcedureTexts } from './texts.ts';
import type { CatalogueEntry } from './types.ts';
import './procedures.css';

/** The administrators' catalogue: every procedure with its published version and its draft. */
export function CatalogueAdmin() {
  const t = useProcedureTexts();
  const format = useFormat();
  const list = useApi<{ items: CatalogueEntry[] }>('/api/v1/admin/procedures');
  useSessionExpiry(list.problem);
  return (
    <Page title={t.adminTitle}>
      <p className="lead">{t.adminLead}</p>
      <p>
        <Link className="button" to="/admin/procedures/new">
          {t.newProcedure}
        </Link>
      </p>
      {list.loading && <p role="status">{t.loading}</p>}
      {list.problem && <ProblemAlert problem={list.problem} />}
      {list.data && (
        <div className="table-scroll">
          <table className="summary-table procedure-table">
            <thead>
              <tr>
                <th scope="col">{t.code}</th>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.level}</th>
                <th scope="col">{t.published}</th>
                <th scope="col">{t.draft}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.code}>
                  <td className="mono" data-label={t.code}>
                    <Link to={`/admin/procedures/${p.code}`}>{p.code}</Link>
                  </td>
                  <td data-label={t.name}>{p.draft?.name ?? p.published?.name}</td>
                  <td data-label={t.level}>{t[(p.draft ?? p.published)?.level ?? 'commune']}</td>
                  <td data-label={t.published}>
                    {p.published
                      ? `${fill(t.versionN, { version: p.published.version })} · ${format.date(p.published.publishedAt)}`
                      : t.none}
                  </td>
                  <td data-label={t.draft}>
                    {p.draft
                      ? `${fill(t.versionN, { version: p.draft.version })} · ${format.dateTime(p.draft.updatedAt)}`
                      : t.none}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
