import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Problem, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ONE_STOP, problemOf, send } from './api.ts';
import { useFormat } from './parts.tsx';
import { fill, type Texts, useTexts } from './texts.ts';

export interface FeedbackItem {
  id: string;
  dossierId: string;
  receiptCode: string | null;
  procedureName: string;
  kind: 'complaint' | 'suggestion';
  text: string;
  receivedOn: string;
  dueOn: string;
  overdue: boolean;
  answer: { text: string; at: string; by: string | null } | null;
  createdAt: string;
}

const KINDS = ['complaint', 'suggestion'] as const;

function FeedbackState({ item, t }: { item: FeedbackItem; t: Texts }) {
  if (item.answer) return <span className="badge">{t.feedbackAnswered}</span>;
  return item.overdue ? (
    <span className="badge badge-deceased">{t.feedbackOverdue}</span>
  ) : (
    <span className="badge">{t.feedbackWaiting}</span>
  );
}

/** The applicant's complaints and suggestions on one dossier, and a form for a new one. */
export function FeedbackPanel({ dossierId }: { dossierId: string }) {
  const t = useTexts();
  const f = useFormat();
  const [generation, setGeneration] = useState(0);
  const mine = useApi<FeedbackItem[]>(`/api/v1/me/feedback?g=${generation}`);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('complaint');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const items = (mine.data ?? []).filter((x) => x.dossierId === dossierId);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    setBusy(true);
    try {
      const filed = await send<FeedbackItem>('POST', `/api/v1/me/dossiers/${dossierId}/feedback`, {
        kind,
        text: text.trim(),
      });
      setText('');
      setMessage(fill(t.feedbackSent, { due: f.date(filed.dueOn) }));
      setGeneration((n) => n + 1);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="feedback">
      <h2 id="feedback">{t.feedbackTitle}</h2>
      {items.map((item) => (
        <article key={item.id} className="feedback-item">
          <p>
            <strong>{item.kind === 'complaint' ? t.complaint : t.suggestion}</strong> ·{' '}
            {f.date(item.receivedOn)} <FeedbackState item={item} t={t} />
          </p>
          <p className="feedback-text">{item.text}</p>
          {item.answer ? (
            <p className="feedback-answer">
              <strong>{t.feedbackAnswer}</strong> ({f.date(item.answer.at)}
              {item.answer.by && <> · {item.answer.by}</>}): {item.answer.text}
            </p>
          ) : (
            <p className="hint">
              {t.feedbackDue}: {f.date(item.dueOn)}
            </p>
          )}
        </article>
      ))}
      {message && (
        <p className="success" role="status">
          {message}
        </p>
      )}
      <details>
        <summary>{t.sendFeedback}</summary>
        <form className="stack" onSubmit={submit}>
          <p className="hint">{t.feedbackLead}</p>
          <fieldset className="fieldset rating-choice">
            <legend>{t.feedbackKind}</legend>
            {KINDS.map((k) => (
              <label key={k} className="check">
                <input type="radio" name="feedback-kind" checked={kind === k} onChange={() => setKind(k)} />{' '}
                {k === 'complaint' ? t.complaint : t.suggestion}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="feedback-text">{t.feedbackText}</label>
            <textarea
              id="feedback-text"
              rows={3}
              required
              minLength={10}
              maxLength={2000}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          {problem && <ProblemAlert problem={problem} />}
          <p>
            <button type="submit" className="button" disabled={busy}>
              {t.sendFeedback}
            </button>
          </p>
        </form>
      </details>
    </section>
  );
}

/** /officer/feedback — complaints and suggestions on the dossiers in the officer's scope, to answer in time. */
export function FeedbackInbox() {
  const t = useTexts();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'answered' ? 'answered' : 'open';
  const [generation, setGeneration] = useState(0);
  const list = useApi<FeedbackItem[]>(`${ONE_STOP}/feedback?view=${view}&g=${generation}`);
  const [message, setMessage] = useState<string>();
  return (
    <Page title={t.feedbackTitle}>
      <nav aria-label={t.feedbackTitle}>
        <ul className="queue-views">
          {(['open', 'answered'] as const).map((v) => (
            <li key={v}>
              <button
                type="button"
                className={v === view ? 'button button-small' : 'button button-small button-secondary'}
                aria-pressed={v === view}
                onClick={() => setParams({ view: v })}
              >
                {v === 'open' ? t.feedbackOpen : t.feedbackAnswered}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {message && (
        <p className="success" role="status">
          {message}
        </p>
      )}
      {list.problem && <ProblemAlert problem={list.problem} />}
      {list.data && list.data.length === 0 && <p>{t.feedbackNone}</p>}
      {list.data?.map((item) => (
        <article key={item.id} className="panel feedback-item" data-feedback={item.id}>
          <p>
            <strong>{item.kind === 'complaint' ? t.complaint : t.suggestion}</strong> ·{' '}
            <Link to={`/officer/cases/${item.dossierId}`}>{item.receiptCode}</Link> · {item.procedureName}{' '}
            <FeedbackState item={item} t={t} />
          </p>
          <p className="hint">
            {f.date(item.receivedOn)} · {t.feedbackDue}: {f.date(item.dueOn)}
          </p>
          <p className="feedback-text">{item.text}</p>
          {item.answer ? (
            <p className="feedback-answer">
              <strong>{t.answeredBy}</strong> {item.answer.by} ({f.date(item.answer.at)}): {item.answer.text}
            </p>
          ) : (
            <AnswerForm
              item={item}
              onDone={() => {
                setMessage(t.answerSent);
                setGeneration((n) => n + 1);
              }}
            />
          )}
        </article>
      ))}
    </Page>
  );
}

function AnswerForm({ item, onDone }: { item: FeedbackItem; onDone: () => void }) {
  const t = useTexts();
  const [answer, setAnswer] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    setBusy(true);
    try {
      await send('POST', `${ONE_STOP}/feedback/${item.id}/answer`, { answer: answer.trim() });
      onDone();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`answer-${item.id}`}>{t.answerLabel}</label>
        <textarea
          id={`answer-${item.id}`}
          rows={3}
          required
          minLength={10}
          maxLength={4000}
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
        />
      </div>
      {problem && <ProblemAlert problem={problem} />}
      <p>
        <button type="submit" className="button" disabled={busy}>
          {t.answerFeedback}
        </button>
      </p>
    </form>
  );
}
