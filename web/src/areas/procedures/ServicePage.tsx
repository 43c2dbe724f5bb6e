import { Link, useLocation, useParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ProcedureDetails } from './ProcedureDetails.tsx';
import { fill, useEnglish, useFormat, useProcedureTexts } from './texts.ts';
import type { ProcedurePage } from './types.ts';
import './procedures.css';

/** A procedure's page for citizens, with the "Apply online" link when it has an online channel. */
export function ServicePage() {
  const t = useProcedureTexts();
  const english = useEnglish();
  const format = useFormat();
  const { code = '' } = useParams();
  const location = useLocation();
  const back = (location.state as { search?: string } | null)?.search;
  const page = useApi<ProcedurePage>(`/api/v1/procedures/${encodeURIComponent(code)}`);
  const p = page.data;
  const backLink = (
    <p>
      <Link to={`/citizen/services${back ? `?${back}` : ''}`}>{t.back}</Link>
    </p>
  );

  if (!p) {
    return (
      <Page title={t.searchTitle}>
        {page.loading && <p role="status">{t.loading}</p>}
        {page.problem && <ProblemAlert problem={page.problem} />}
        {backLink}
      </Page>
    );
  }
  const online = p.channels.some((c) => c.channel === 'online');
  return (
    <Page title={english && p.nameEn ? p.nameEn : p.name}>
      {backLink}
      <p className="muted mono">{fill(t.codes, { code: p.code, local: p.localCode })}</p>
      <div className="procedure-apply panel">
        {online ? (
          <>
            <Link className="button" to={`/citizen/services/${p.code}/apply`}>
              {t.apply}
            </Link>
            <p className="hint">{t.applyHint}</p>
          </>
        ) : (
          <p>{t.noOnline}</p>
        )}
      </div>
      <ProcedureDetails procedure={p} agencyName={p.agency?.name ?? null} />
      <p className="muted">{fill(t.versionLine, { version: p.version, date: format.date(p.publishedAt) })}</p>
    </Page>
  );
}
