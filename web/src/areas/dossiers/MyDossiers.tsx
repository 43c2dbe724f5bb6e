import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Problem, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { DocumentItem } from './Apply.tsx';
import {
  type Dossier,
  type DossierSummary,
  idempotencyKey,
  itemsOf,
  ME,
  PROCEDURES,
  type Procedure,
  problemOf,
  send,
} from './api.ts';
import { FeedbackPanel } from './Feedback.tsx';
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
import { RequireCitizen } from './session.tsx';
import { fill, useTexts } from './texts.ts';

/** /citizen/applications — the citizen's dossiers, newest first, drafts leading back to the form. */
export function MyDossiers() {
  const t = useTexts();
  return (
    <RequireCitizen title={t.myDossiers} returnTo="/citizen/applications">
      {() => <DossierList />}
    </RequireCitizen>
  );
}

function DossierList() {
  const t = useTexts();
  const f = useFormat();
  const list = useApi<{ items: DossierSummary[] } | DossierSummary[]>(ME);
  const items = itemsOf(list.data);
  return (
    <Page title={t.myDossiers}>
      <p className="lead">{t.myLead}</p>
      {list.problem && <ProblemAlert problem={list.problem} />}
      {list.loading && !items && <p role="status">{t.loading}</p>}
      {items?.length === 0 && (
        <div className="note">
          <p>{t.noDossiers}</p>
          <p>
            <Link to="/citizen/services">{t.findProcedure}</Link>
          </p>
        </div>
      )}
      <Notices />
      <ul className="plain-list dossier-cards">
        {items?.map((d) => (
          <li key={d.id} className="card dossier-card">
            <h2 className="dossier-card-title">
              <Link
                to={
                  d.status === 'draft'
                    ? `/citizen/services/${encodeURIComponent(d.procedure.code)}/apply?d=${d.id}`
                    : `/citizen/applications/${d.id}`
                }
              >
                {d.procedure.name}
              </Link>
            </h2>
            <p>
              <StatusBadge status={d.status} /> <DueBadge overdue={d.overdue} dueSoon={d.dueSoon} />
            </p>
            <p className="muted">
              {d.receiptCode ? <span className="mono">{d.receiptCode}</span> : t.continueDraft}
              {d.dueOn && (
                <>
                  {' '}
                  · {t.dueOn}: {f.date(d.dueOn)}
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

interface Notice {
  id: string;
  dossierId: string;
  status: string;
  text: { vi: string; en: string };
  at: string;
}

/** The latest in-app notices (one per status change), newest first. */
function Notices() {
  const t = useTexts();
  const f = useFormat();
  const { i18n } = useTranslation();
  const notices = useApi<{ items: Notice[] }>('/api/v1/me/dossier-notices');
  const items = notices.data?.items.slice(0, 5) ?? [];
  if (items.length === 0) return null;
  return (
    <section className="panel notices" aria-labelledby="notices">
      <h2 id="notices">{t.notices}</h2>
      <ul className="plain-list">
        {items.map((n) => (
          <li key={n.id}>
            <time className="muted" dateTime={n.at}>
              {f.dateTime(n.at)}
            </time>{' '}
            <Link to={`/citizen/applications/${n.dossierId}`}>
              {i18n.resolvedLanguage === 'en' ? n.text.en : n.text.vi}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** /citizen/applications/:id — status, timeline, and what the citizen can do now. */
export function MyDossier() {
  const t = useTexts();
  const { id = '' } = useParams();
  return (
    <RequireCitizen title={t.myDossiers} returnTo={`/citizen/applications/${id}`}>
      {() => <DossierDetail id={id} />}
    </RequireCitizen>
  );
}

function DossierDetail({ id }: { id: string }) {
  const t = useTexts();
  const f = useFormat();
  const [generation, setGeneration] = useState(0);
  const dossier = useApi<Dossier>(`${ME}/${id}?g=${generation}`);
  const [message, setMessage] = useState<string>();
  // An action answers with the dossier as it now is; an upload asks for it again.
  const [answer, setAnswer] = useState<Dossier>();
  const reload = (text?: string, next?: Dossier) => {
    setMessage(text);
    if (next?.id) setAnswer(next);
    else {
      setAnswer(undefined);
      setGeneration((n) => n + 1);
    }
  };
  const d = answer?.id === id ? answer : dossier.data;
  if (!d)
    return (
      <Page title={t.myDossiers}>
        {dossier.problem ? <ProblemAlert problem={dossier.problem} /> : <p role="status">{t.loading}</p>}
      </Page>
    );
  const can = (a: string) => d.allowedActions.includes(a as never);
  return (
    <Page title={d.procedure.name}>
      <p>
        <Link to="/citizen/applications">← {t.myDossiers}</Link>
      </p>
      {message && (
        <p className="success" role="status">
          {message}
        </p>
      )}
      {dossier.problem && <ProblemAlert problem={dossier.problem} />}
      <DossierFacts dossier={d} />
      {d.result && <ResultPanel dossier={d} />}
      {can('supplement') && <SupplementForm dossier={d} onDone={reload} />}
      {d.status === 'payment_requested' && d.payment && (
        <p className="note">{fill(t.paymentAsked, { amount: f.money(d.payment.amount) })}</p>
      )}
      {can('rate') && <RatingForm dossier={d} onDone={reload} />}
      {d.rating && (
        <p className="note">
          {t.yourRating}: <strong>{d.rating.satisfied ? t.satisfied : t.notSatisfied}</strong>
          {d.rating.comment && <> — {d.rating.comment}</>}
        </p>
      )}
      {d.status !== 'draft' && <FeedbackPanel dossierId={d.id} />}
      <section aria-labelledby="history">
        <h2 id="history">{t.history}</h2>
        <DossierTimeline entries={d.timeline} />
      </section>
      <details className="panel">
        <summary>{t.data}</summary>
        <SchemaView schema={d.form.schema} ui={d.form.ui} data={d.data} prefilled={d.prefilled} />
        <h3>{t.documents}</h3>
        <DocumentList dossier={d} base={ME} />
      </details>
      {can('withdraw') && <WithdrawForm dossier={d} onDone={reload} />}
    </Page>
  );
}

function ResultPanel({ dossier }: { dossier: Dossier }) {
  const t = useTexts();
  if (!dossier.result) return null;
  return (
    <section className="panel result-panel" aria-labelledby="result">
      <h2 id="result">{t.resultTitle}</h2>
      <p className="hint">{t.resultLead}</p>
      <p className="actions">
        <a className="button" href={`${ME}/${dossier.id}/result`} download>
          {t.download}
        </a>
        <a className="button button-secondary" href={dossier.result.verifyUrl}>
          {t.verify}
        </a>
      </p>
    </section>
  );
}

function useAction(onDone: (text?: string, next?: Dossier) => void) {
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const key = useRef(idempotencyKey());
  const run = async (path: string, body: unknown, doneText: string) => {
    setProblem(undefined);
    setBusy(true);
    try {
      const next = await send<Dossier>('POST', path, body, key.current);
      key.current = idempotencyKey();
      onDone(doneText, next);
    } catch (err) {
      setProblem(problemOf(err));
      key.current = idempotencyKey();
    } finally {
      setBusy(false);
    }
  };
  return { problem, busy, run };
}

function SupplementForm({
  dossier,
  onDone,
}: {
  dossier: Dossier;
  onDone: (text?: string, next?: Dossier) => void;
}) {
  const t = useTexts();
  const [note, setNote] = useState('');
  const { problem, busy, run } = useAction(onDone);
  const [generation, setGeneration] = useState(0);
  const asked = [...dossier.timeline].reverse().find((e) => e.action === 'request_supplement')?.note;
  const procedure = useApi<Procedure>(
    dossier.components ? null : `${PROCEDURES}/${encodeURIComponent(dossier.procedure.code)}`,
  );
  const items = (dossier.components ?? procedure.data?.components ?? []).flatMap((c) => c.items);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(`${ME}/${dossier.id}/supplement`, { note: note.trim() }, t.supplementSent);
  };
  return (
    <section className="panel supplement" aria-labelledby="supplement">
      <h2 id="supplement">{t.supplementTitle}</h2>
      {asked && (
        <div className="note">
          <p>{t.supplementAsked}</p>
          <p>
            <strong>{asked}</strong>
          </p>
        </div>
      )}
      <ul className="plain-list doc-items" key={generation}>
        {items.map((item) => (
          <DocumentItem
            key={item.key}
            dossier={dossier}
            item={item}
            onChange={() => {
              setGeneration((n) => n + 1);
              onDone();
            }}
          />
        ))}
      </ul>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="supplement-note">{t.supplementNote}</label>
          <textarea
            id="supplement-note"
            rows={3}
            required
            minLength={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        {problem && <ActionProblemAlert problem={problem} />}
        <p>
          <button type="submit" className="button" disabled={busy}>
            {t.supplementSend}
          </button>
        </p>
      </form>
    </section>
  );
}

function WithdrawForm({
  dossier,
  onDone,
}: {
  dossier: Dossier;
  onDone: (text?: string, next?: Dossier) => void;
}) {
  const t = useTexts();
  const [reason, setReason] = useState('');
  const { problem, busy, run } = useAction(onDone);
  return (
    <details className="panel">
      <summary>{t.withdrawTitle}</summary>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void run(`${ME}/${dossier.id}/withdraw`, { reason: reason.trim() }, t.withdrawn);
        }}
      >
        <div className="field">
          <label htmlFor="withdraw-reason">{t.withdrawReason}</label>
          <textarea
            id="withdraw-reason"
            rows={2}
            required
            minLength={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        {problem && <ActionProblemAlert problem={problem} />}
        <p>
          <button type="submit" className="button button-danger" disabled={busy}>
            {t.withdrawConfirm}
          </button>
        </p>
      </form>
    </details>
  );
}

function RatingForm({
  dossier,
  onDone,
}: {
  dossier: Dossier;
  onDone: (text?: string, next?: Dossier) => void;
}) {
  const t = useTexts();
  const [satisfied, setSatisfied] = useState<boolean>();
  const [comment, setComment] = useState('');
  const { problem, busy, run } = useAction(onDone);
  return (
    <section className="panel" aria-labelledby="rate">
      <h2 id="rate">{t.rateTitle}</h2>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (satisfied === undefined) return;
          void run(
            `${ME}/${dossier.id}/rating`,
            { satisfied, ...(comment.trim() && { comment: comment.trim() }) },
            t.rated,
          );
        }}
      >
        <fieldset className="fieldset rating-choice">
          <legend className="visually-hidden">{t.rateTitle}</legend>
          <label className="check">
            <input
              type="radio"
              name="satisfied"
              required
              checked={satisfied === true}
              onChange={() => setSatisfied(true)}
            />{' '}
            {t.satisfied}
          </label>
          <label className="check">
            <input
              type="radio"
              name="satisfied"
              checked={satisfied === false}
              onChange={() => setSatisfied(false)}
            />{' '}
            {t.notSatisfied}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="rate-comment">{t.comment}</label>
          <textarea
            id="rate-comment"
            rows={2}
            maxLength={1000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </div>
        {problem && <ActionProblemAlert problem={problem} />}
        <p>
          <button type="submit" className="button" disabled={busy}>
            {t.sendRating}
          </button>
        </p>
      </form>
    </section>
  );
}
