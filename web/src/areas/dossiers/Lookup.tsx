import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PUBLIC, type Status } from './api.ts';
import { DueBadge, StatusBadge, useFormat } from './parts.tsx';
import { useTexts } from './texts.ts';

interface PublicDossier {
  receiptCode: string;
  status: Status;
  statusCode?: number;
  procedure: { code: string; name: string };
  agency: { code: string; name: string };
  receivedOn: string | null;
  dueOn: string | null;
  finishedOn: string | null;
  returnedOn: string | null;
  overdue: boolean;
}

/** /public/dossier-lookup?code= — the status of a dossier by its receipt code, nothing personal. */
export function DossierLookup() {
  const t = useTexts();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const code = params.get('code')?.trim() ?? '';
  const [input, setInput] = useState(code);
  const found = useApi<PublicDossier>(code ? `${PUBLIC}/dossiers/${encodeURIComponent(code)}` : null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(input.trim() ? { code: input.trim() } : {});
  };
  const d = code ? found.data : undefined;
  return (
    <Page title={t.lookupTitle}>
      <p className="lead">{t.lookupLead}</p>
      <search>
        <form className="search-form lookup-form" onSubmit={submit}>
          <div className="field field-grow">
            <label htmlFor="lookup-code">{t.lookupCode}</label>
            <p className="hint" id="lookup-hint">
              {t.lookupHint}
            </p>
            <input
              id="lookup-code"
              className="mono"
              required
              autoComplete="off"
              autoCapitalize="characters"
              aria-describedby="lookup-hint"
              value={input}
              onChange={(e) => setInput(e.target.value)}
            />
          </div>
          <p>
            <button type="submit" className="button">
              {t.lookup}
            </button>
          </p>
        </form>
      </search>
      {code && found.loading && <p role="status">{t.loading}</p>}
      {code && found.problem && (
        <ProblemAlert
          problem={
            found.problem.status === 404 ? { ...found.problem, title: t.lookupNotFound } : found.problem
          }
        />
      )}
      {d && (
        <section className="panel" aria-labelledby="lookup-result">
          <h2 id="lookup-result" className="mono">
            {d.receiptCode}
          </h2>
          <dl className="facts facts-wide">
            <div>
              <dt>{t.status}</dt>
              <dd>
                <StatusBadge status={d.status} /> <DueBadge overdue={d.overdue} dueSoon={false} />
              </dd>
            </div>
            <div>
              <dt>{t.procedure}</dt>
              <dd>{d.procedure.name}</dd>
            </div>
            <div>
              <dt>{t.agency}</dt>
              <dd>{d.agency.name}</dd>
            </div>
            {d.receivedOn && (
              <div>
                <dt>{t.receivedOn}</dt>
                <dd>{f.date(d.receivedOn)}</dd>
              </div>
            )}
            <div>
              <dt>{t.dueOn}</dt>
              <dd>{f.date(d.dueOn)}</dd>
            </div>
            {d.finishedOn && (
              <div>
                <dt>{t.finishedOn}</dt>
                <dd>{f.date(d.finishedOn)}</dd>
              </div>
            )}
            {d.returnedOn && (
              <div>
                <dt>{t.returnedOn}</dt>
                <dd>{f.date(d.returnedOn)}</dd>
              </div>
            )}
          </dl>
        </section>
      )}
    </Page>
  );
}
