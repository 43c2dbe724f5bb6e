import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { type Problem, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import type { Officer } from '../officer/registry.ts';
import { useSessionExpiry } from '../officer/session.tsx';
import { DocumentItem } from './Apply.tsx';
import {
  type Action,
  type Dossier,
  type DossierSummary,
  idempotencyKey,
  itemsOf,
  OFFICER_ACTIONS,
  ONE_STOP,
  problemOf,
  send,
} from './api.ts';
import {
  ActionProblemAlert,
  DocumentList,
  DossierFacts,
  DossierTimeline,
  DueBadge,
  StatusBadge,
  useFormat,
} from './parts.tsx';
import { SchemaView } from './SchemaForm.tsx';
import { fill, useTexts } from './texts.ts';

const VIEWS = ['intake', 'mine', 'all'] as const;
type View = (typeof VIEWS)[number];

/** /officer/cases — the queue of the officer's agency or commune, most urgent first. */
export function CaseQueue({ officer }: { officer: Officer }) {
  const t = useTexts();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const fallback: View = officer.roles.includes('dossiers.receive') ? 'intake' : 'mine';
  const view = (VIEWS as readonly string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : fallback;
  const queue = useApi<{ items: DossierSummary[] } | DossierSummary[]>(`${ONE_STOP}/queue?view=${view}`);
  useSessionExpiry(queue.problem);
  const items = itemsOf(queue.data);
  return (
    <Page title={t.caseTitle}>
      <p className="lead">{t.casesLead}</p>
      <div className="queue-bar">
        <nav aria-label={t.status}>
          <ul className="queue-views">
            {VIEWS.map((v) => (
              <li key={v}>
                <button
                  type="button"
                  className={v === view ? 'button button-small' : 'button button-small button-secondary'}
                  aria-pressed={v === view}
                  onClick={() => setParams({ view: v })}
                >
                  {t.views[v]}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {officer.roles.includes('dossiers.receive') && (
          <Link className="button button-small" to="/officer/cases/new">
            {t.counterIntake}
          </Link>
        )}
      </div>
      {queue.problem && <ProblemAlert problem={queue.problem} />}
      {queue.loading && !items && <p role="status">{t.loading}</p>}
      {items?.length === 0 && <p className="muted">{t.queueEmpty}</p>}
      {items && items.length > 0 && (
        <div className="table-scroll">
          <table className="summary-table queue-table">
            <thead>
              <tr>
                <th scope="col">{t.receiptCode}</th>
                <th scope="col">{t.procedure}</th>
                <th scope="col">{t.applicant}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.dueOn}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} className={d.overdue ? 'row-overdue' : d.dueSoon ? 'row-due-soon' : undefined}>
                  <td data-label={t.receiptCode}>
                    <Link className="mono" to={`/officer/cases/${d.id}`}>
                      {d.receiptCode ?? d.id.slice(0, 8)}
                    </Link>
                    {d.channel && <span className="muted"> · {t.channels[d.channel] ?? d.channel}</span>}
                  </td>
                  <td data-label={t.procedure}>{d.procedure.name}</td>
                  <td data-label={t.applicant}>{d.applicantName}</td>
                  <td data-label={t.status}>
                    <StatusBadge status={d.status} />
                  </td>
                  <td data-label={t.dueOn}>
                    {f.date(d.dueOn)} <DueBadge overdue={d.overdue} dueSoon={d.dueSoon} />
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

/** What each action asks for in its dialog. */
const INPUTS: Partial<Record<Action, 'reason' | 'note' | 'amount' | 'dueOn' | 'handler'>> = {
  refuse_intake: 'reason',
  stop: 'reason',
  request_supplement: 'note',
  request_payment: 'amount',
  apologise: 'dueOn',
  assign: 'handler',
};

/** /officer/cases/:id — the dossier, its history, and only the actions its status allows. */
/** Statuses in which the one-stop holds a dossier and may scan its paper components (as the server allows). */
const SCANNABLE: readonly Dossier['status'][] = [
  'received',
  'in_process',
  'supplement_requested',
  'payment_requested',
];

export function CasePage({ officer }: { officer: Officer }) {
  const t = useTexts();
  const { id = '' } = useParams();
  const [generation, setGeneration] = useState(0);
  const dossier = useApi<Dossier>(`${ONE_STOP}/dossiers/${id}?g=${generation}`);
  useSessionExpiry(dossier.problem);
  const [pending, setPending] = useState<Action>();
  const [message, setMessage] = useState<string>();
  // An action answers with the dossier as it now is: shown at once, so no button of the old status remains.
  const [answer, setAnswer] = useState<Dossier>();
  const d = answer?.id === id ? answer : dossier.data;
  if (!d)
    return (
      <Page title={t.caseTitle}>
        {dossier.problem ? <ProblemAlert problem={dossier.problem} /> : <p role="status">{t.loading}</p>}
      </Page>
    );
  const actions = OFFICER_ACTIONS.filter((a) => d.allowedActions.includes(a));
  return (
    <Page title={`${t.caseTitle} ${d.receiptCode ?? ''}`.trim()}>
      <p>
        <Link to="/officer/cases">← {t.caseTitle}</Link>
      </p>
      {message && (
        <p className="success" role="status">
          {message}
        </p>
      )}
      <div className="case-layout">
        <div>
          <DossierFacts
            dossier={d}
            extra={
              <>
                <div>
                  <dt>{t.applicant}</dt>
                  <dd>
                    {d.applicant.fullName} <span className="mono muted">{d.applicant.personalId}</span>
                  </dd>
                </div>
                <div>
                  <dt>{t.channel}</dt>
                  <dd>{t.channels[d.channel] ?? d.channel}</dd>
                </div>
                {d.workflow?.current && (
                  <div>
                    <dt>{t.step}</dt>
                    <dd>
                      {d.workflow.steps.find((s) => s.key === d.workflow?.current)?.name ??
                        d.workflow.current}
                    </dd>
                  </div>
                )}
                {d.handlerId && (
                  <div>
                    <dt>{t.handler}</dt>
                    <dd>{d.handlerId === officer.id ? t.you : (d.handlerName ?? d.handlerId.slice(0, 8))}</dd>
                  </div>
                )}
              </>
            }
          />
          <section className="panel" aria-labelledby="case-actions">
            <h2 id="case-actions">{t.caseActions}</h2>
            {actions.length === 0 ? (
              <p className="muted">{t.noActions}</p>
            ) : (
              <p className="actions">
                {actions.map((a) => (
                  <button
                    key={a}
                    type="button"
                    data-action={a}
                    className={
                      a === 'refuse_intake' || a === 'stop'
                        ? 'button button-secondary button-danger'
                        : 'button'
                    }
                    onClick={() => {
                      setMessage(undefined);
                      setPending(a);
                    }}
                  >
                    {t.actions[a]}
                  </button>
                ))}
              </p>
            )}
            {d.result && (
              <p className="actions">
                <a className="button button-secondary" href={`${ONE_STOP}/dossiers/${d.id}/result`} download>
                  {t.downloadResult}
                </a>
                <a className="button button-secondary" href={d.result.verifyUrl}>
                  {t.verify}
                </a>
              </p>
            )}
          </section>
          <section className="panel" aria-labelledby="case-data">
            <h2 id="case-data">{t.data}</h2>
            <SchemaView schema={d.form.schema} ui={d.form.ui} data={d.data} prefilled={d.prefilled} />
            <h3>{t.documents}</h3>
            <DocumentList dossier={d} base={`${ONE_STOP}/dossiers`} />
            {officer.roles.includes('dossiers.receive') && SCANNABLE.includes(d.status) && (
              <>
                <h3>{t.scanTitle}</h3>
                <p className="hint">{t.scanLead}</p>
                <ul className="plain-list">
                  {(d.components ?? [])
                    .flatMap((c) => c.items)
                    .map((item) => (
                      <DocumentItem
                        key={item.key}
                        dossier={d}
                        item={item}
                        base={`${ONE_STOP}/dossiers`}
                        removable={false}
                        onChange={() => {
                          setAnswer(undefined);
                          setGeneration((n) => n + 1);
                        }}
                      />
                    ))}
                </ul>
              </>
            )}
          </section>
        </div>
        <section aria-labelledby="case-history">
          <h2 id="case-history">{t.history}</h2>
          <DossierTimeline entries={d.timeline} />
        </section>
      </div>
      {pending && (
        <ActionDialog
          dossier={d}
          officer={officer}
          action={pending}
          onClose={() => setPending(undefined)}
          onDone={(next) => {
            setMessage(fill(t.done, { action: t.actions[pending] ?? pending }));
            setPending(undefined);
            if (next?.id) setAnswer(next);
            else setGeneration((n) => n + 1);
          }}
        />
      )}
    </Page>
  );
}

/** A modal dialog asking for what the action needs (reason, note, amount, new date) before posting it. */
function ActionDialog({
  dossier,
  officer,
  action,
  onClose,
  onDone,
}: {
  dossier: Dossier;
  officer: Officer;
  action: Action;
  onClose: () => void;
  onDone: (dossier: Dossier | undefined) => void;
}) {
  const t = useTexts();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [amount, setAmount] = useState(dossier.fee?.amount ? String(dossier.fee.amount) : '');
  const [dueOn, setDueOn] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const key = useRef(idempotencyKey());
  const input = INPUTS[action];
  const handlers = useApi<{ id: string; name: string }[]>(
    input === 'handler' ? `${ONE_STOP}/dossiers/${dossier.id}/handlers` : null,
  );
  const [handlerId, setHandlerId] = useState(officer.id);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    setBusy(true);
    const body: Record<string, unknown> = { action };
    if (input === 'reason') body.reason = text.trim();
    else if (input === 'amount') body.amount = Number(amount);
    else if (input === 'dueOn') {
      body.newDueOn = dueOn;
      if (text.trim()) body.note = text.trim();
    } else if (input === 'handler') body.handlerId = handlerId;
    else if (text.trim()) body.note = text.trim();
    try {
      onDone(await send<Dossier>('POST', `${ONE_STOP}/dossiers/${dossier.id}/actions`, body, key.current));
    } catch (err) {
      setProblem(problemOf(err));
      key.current = idempotencyKey();
    } finally {
      setBusy(false);
    }
  };
  const label =
    input === 'reason'
      ? t.reason
      : input === 'handler'
        ? t.handlerId
        : input === 'dueOn'
          ? t.apologyNote
          : action === 'request_supplement'
            ? t.supplementRequestNote
            : t.note;
  const textRequired = input === 'reason' || action === 'request_supplement';
  return (
    <dialog ref={ref} className="action-dialog" aria-labelledby="action-title" onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <h2 id="action-title">{t.actions[action]}</h2>
        <p className="muted">
          {dossier.receiptCode} · {dossier.procedure.name}
        </p>
        {input === 'amount' && (
          <div className="field">
            <label htmlFor="action-amount">{t.amount}</label>
            <input
              id="action-amount"
              type="number"
              inputMode="numeric"
              min={1}
              step={500}
              required
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </div>
        )}
        {input === 'dueOn' && (
          <div className="field">
            <label htmlFor="action-due">{t.newDueOn}</label>
            <input
              id="action-due"
              type="date"
              required
              value={dueOn}
              onChange={(e) => setDueOn(e.target.value)}
            />
          </div>
        )}
        {input !== 'amount' && (
          <div className="field">
            <label htmlFor="action-text">{label}</label>
            {input === 'handler' ? (
              <select
                id="action-text"
                required
                value={handlerId}
                disabled={!handlers.data}
                onChange={(e) => setHandlerId(e.target.value)}
              >
                {(handlers.data ?? []).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.id === officer.id ? `${o.name} (${t.you})` : o.name}
                  </option>
                ))}
              </select>
            ) : (
              <textarea
                id="action-text"
                rows={3}
                required={textRequired}
                minLength={textRequired ? 3 : undefined}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </div>
        )}
        {handlers.problem && <ProblemAlert problem={handlers.problem} />}
        {problem && <ActionProblemAlert problem={problem} />}
        <p className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t.confirm}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t.cancel}
          </button>
        </p>
      </form>
    </dialog>
  );
}
