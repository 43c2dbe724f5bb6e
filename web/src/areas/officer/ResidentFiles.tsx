import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, ProblemError } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import i18n from '../../i18n.ts';
import { useProvinceCommunes } from './format.ts';
import { CommuneSelect } from './parts.tsx';
import { PurposeGate } from './purpose.tsx';
import { BackToSearch } from './ResidentPage.tsx';
import { type ImportReport, type Officer, REGISTRY, withQuery } from './registry.ts';
import { useSessionExpiry } from './session.tsx';

/**
 * `/officer/residents/files`: import a resident file (CSV, the format of `citizen import residents`) and
 * export a commune's residents in the same format. The file goes up as the request body itself, so the
 * server reads it as a stream; the report lists every rejected row.
 */
export function ResidentFiles({ officer }: { officer: Officer }) {
  const { t } = useTranslation('officer');
  return (
    <Page title={t('files.title')}>
      <BackToSearch />
      <PurposeGate>
        {(purpose) => (
          <>
            {officer.roles.includes('registry.write') && <ImportForm />}
            <ExportForm officer={officer} purpose={purpose} />
          </>
        )}
      </PurposeGate>
    </Page>
  );
}

function ImportForm() {
  const { t } = useTranslation('officer');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport>();
  const [problem, setProblem] = useState<Problem>();
  const ids = { heading: useId(), file: useId(), hint: useId() };
  useSessionExpiry(problem);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setProblem({ title: t('files.import.chooseFile') });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    setReport(undefined);
    try {
      const res = await fetch(withQuery(`${REGISTRY}/imports`, { fileName: safeName(file.name) }), {
        method: 'POST',
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          Accept: 'application/json, application/problem+json',
          'Accept-Language': i18n.language,
        },
        body: file,
      });
      const body = await res.json().catch(() => undefined);
      if (res.ok) setReport(body as ImportReport);
      else if (body && typeof body.title === 'string') setProblem(body as Problem);
      else setProblem({ title: i18n.t('errors.unexpected', { status: res.status }), status: res.status });
    } catch (err) {
      setProblem(err instanceof ProblemError ? err.problem : { title: i18n.t('errors.network') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={ids.heading} className="record-section">
      <h2 id={ids.heading}>{t('files.import.heading')}</h2>
      <p>{t('files.import.lead')}</p>
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor={ids.file}>{t('files.import.file')}</label>
          <p id={ids.hint} className="hint">
            {t('files.import.hint')}
          </p>
          <input
            id={ids.file}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={ids.hint}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('files.import.running') : t('files.import.submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {busy && <p role="status">{t('files.import.running')}</p>}
        {problem && <ProblemAlert problem={problem} />}
        {report && <Report report={report} />}
      </div>
    </section>
  );
}

/** The name as the server accepts it (letters, digits, space, . _ ( ) -), for the events' legal basis. */
const safeName = (name: string) =>
  name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .slice(0, 120) || 'upload.csv';

function Report({ report }: { report: ImportReport }) {
  const { t } = useTranslation('officer');
  return (
    <>
      <div className={report.rejectedRows === 0 ? 'success' : 'note'} role="status">
        <p>
          {t('files.import.summary', {
            rows: report.rows,
            imported: report.imported,
            unchanged: report.unchanged,
            rejected: report.rejectedRows,
          })}
        </p>
      </div>
      {report.rejected.length > 0 && (
        <table className="summary-table report-table">
          <caption>{t('files.import.rejectedCaption', { name: report.fileName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('files.import.line')}</th>
              <th scope="col">{t('fields.personalId')}</th>
              <th scope="col">{t('files.import.reasons')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rejected.map((row) => (
              <tr key={row.line}>
                <th scope="row">{row.line}</th>
                <td className="mono" data-label={t('fields.personalId')}>
                  {row.personalId}
                </td>
                <td data-label={t('files.import.reasons')}>
                  <ul className="plain-list">
                    {row.reasons.map((reason) => (
                      <li key={`${reason.code}-${reason.detail}`}>
                        {reason.title} <span className="muted">({reason.detail})</span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ExportForm({ officer, purpose }: { officer: Officer; purpose: string }) {
  const { t } = useTranslation('officer');
  const own = officer.jurisdiction.level === 'commune' ? officer.jurisdiction.code : '';
  const communes = useProvinceCommunes(
    officer.jurisdiction.level === 'province' ? officer.jurisdiction.code : null,
  );
  const [commune, setCommune] = useState(own);
  const ids = { heading: useId() };
  const href = commune
    ? withQuery(`${REGISTRY}/communes/${encodeURIComponent(commune)}/residents.csv`, { purpose })
    : undefined;
  return (
    <section aria-labelledby={ids.heading} className="record-section">
      <h2 id={ids.heading}>{t('files.export.heading')}</h2>
      <p>{t('files.export.lead')}</p>
      {officer.jurisdiction.level === 'province' ? (
        <CommuneSelect
          label={t('search.commune')}
          value={commune}
          onChange={setCommune}
          communes={communes}
        />
      ) : (
        <p>{t('files.export.own', { name: officer.jurisdiction.name })}</p>
      )}
      <p className="hint">{t('files.export.audited')}</p>
      {href ? (
        <a className="button" href={href} download>
          {t('files.export.download')}
        </a>
      ) : (
        <button type="button" className="button" disabled>
          {t('files.export.download')}
        </button>
      )}
    </section>
  );
}
