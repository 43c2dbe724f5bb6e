import { type FormEvent, useDeferredValue, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { type Problem, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useSessionExpiry } from '../officer/session.tsx';
import {
  type Dossier,
  idempotencyKey,
  itemsOf,
  ONE_STOP,
  PROCEDURES,
  type Procedure,
  type ProcedureSummary,
  problemOf,
  send,
} from './api.ts';
import { ActionProblemAlert } from './parts.tsx';
import { SchemaForm, withDefaults } from './SchemaForm.tsx';
import { useTexts } from './texts.ts';

/**
 * /officer/cases/new — counter intake for a walk-in citizen: the person is found in the registry by personal
 * ID (on the server, which fills the registry fields), the officer chooses the procedure and types the rest.
 */
export function CounterIntake() {
  const t = useTexts();
  const navigate = useNavigate();
  const [personalId, setPersonalId] = useState('');
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const [code, setCode] = useState('');
  const [data, setData] = useState<Record<string, unknown>>({});
  const [problem, setProblem] = useState<Problem>();
  const [idError, setIdError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const key = useRef(idempotencyKey());
  const list = useApi<{ items: ProcedureSummary[] } | ProcedureSummary[]>(
    `${PROCEDURES}?limit=100&q=${encodeURIComponent(deferred)}`,
  );
  const procedure = useApi<Procedure>(code ? `${PROCEDURES}/${encodeURIComponent(code)}` : null);
  const schema = procedure.data?.form.schema;
  // The schema's defaults (e.g. one copy) start the form, as on the citizen's side.
  useEffect(() => {
    if (schema) setData((d) => withDefaults(schema, d) ?? d);
  }, [schema]);
  useSessionExpiry(problem);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    if (!/^\d{12}$/.test(personalId.trim())) {
      setIdError(t.badPersonalId);
      return;
    }
    setIdError(undefined);
    setBusy(true);
    try {
      const created = await send<Dossier>(
        'POST',
        `${ONE_STOP}/dossiers`,
        { personalId: personalId.trim(), procedureCode: code, data },
        key.current,
      );
      navigate(`/officer/cases/${created.id}`);
    } catch (err) {
      setProblem(problemOf(err));
      key.current = idempotencyKey();
    } finally {
      setBusy(false);
    }
  };
  const options = itemsOf(list.data) ?? [];
  return (
    <Page title={t.intakeTitle}>
      <p className="lead">{t.intakeLead}</p>
      <form className="stack intake-form" onSubmit={submit} noValidate={false}>
        <div className="field">
          <label htmlFor="intake-id">{t.personalId}</label>
          <p className="hint" id="intake-id-hint">
            {t.personalIdHint}
          </p>
          <input
            id="intake-id"
            inputMode="numeric"
            autoComplete="off"
            required
            maxLength={12}
            value={personalId}
            aria-describedby={idError ? 'intake-id-error' : 'intake-id-hint'}
            aria-invalid={idError ? true : undefined}
            onChange={(e) => setPersonalId(e.target.value.replace(/\D/g, ''))}
          />
          {idError && (
            <p id="intake-id-error" className="field-error">
              {idError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="intake-q">{t.searchProcedure}</label>
          <p className="hint">{t.searchProcedureHint}</p>
          <input id="intake-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="intake-procedure">{t.procedureCode}</label>
          <select
            id="intake-procedure"
            required
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setData({});
            }}
          >
            <option value="">{t.choose}</option>
            {options.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name} ({p.code})
              </option>
            ))}
          </select>
          {list.problem && <ProblemAlert problem={list.problem} />}
        </div>
        {procedure.problem && <ProblemAlert problem={procedure.problem} />}
        {procedure.data && (
          <fieldset className="fieldset">
            <legend>{procedure.data.name}</legend>
            <p className="hint">{t.intakePrefill}</p>
            <SchemaForm
              schema={procedure.data.form.schema}
              ui={procedure.data.form.ui}
              value={data}
              onChange={setData}
              placeholders
            />
          </fieldset>
        )}
        {problem && <ActionProblemAlert problem={problem} />}
        <p>
          <button type="submit" className="button" disabled={busy || !code}>
            {t.intakeSubmit}
          </button>
        </p>
      </form>
    </Page>
  );
}
