import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import type { ActionProblem, Dossier, Status, TimelineEntry } from './api.ts';
import { fill, type Texts, useTexts } from './texts.ts';

const locale = (lng: string | undefined) => (lng === 'en' ? 'en-GB' : 'vi-VN');

/** Formatting in the reader's language: dates as dd/mm/yyyy, money in đồng, sizes in kB/MB. */
export function useFormat() {
  const { i18n } = useTranslation();
  const tag = locale(i18n.resolvedLanguage);
  return {
    date: (iso: string | null | undefined) => {
      if (!iso) return '—';
      const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
      return Number.isNaN(d.getTime())
        ? iso
        : d.toLocaleDateString(tag, { day: '2-digit', month: '2-digit', year: 'numeric' });
    },
    dateTime: (iso: string) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime())
        ? iso
        : d.toLocaleString(tag, { dateStyle: 'short', timeStyle: 'short' });
    },
    time: (d: Date) => d.toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit' }),
    money: (amount: number) => `${amount.toLocaleString(tag)} đ`,
    percent: (rate: number) =>
      `${(rate <= 1 ? rate * 100 : rate).toLocaleString(tag, { maximumFractionDigits: 1 })} %`,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

/** "application/pdf" → "PDF", "image/jpeg" → "JPEG"; extensions stay as they are. */
export function typeLabel(accept: string[]): string {
  return accept
    .map((a) => (a.includes('/') ? (a.split('/')[1] ?? a) : a.replace(/^\./, '')).toUpperCase())
    .filter((a, i, all) => all.indexOf(a) === i)
    .join(', ');
}

export function StatusBadge({ status }: { status: Status }) {
  const t = useTexts();
  const tone =
    status === 'finished' || status === 'returned'
      ? 'badge badge-ready'
      : status === 'supplement_requested' || status === 'payment_requested'
        ? 'badge'
        : status === 'not_received' || status === 'withdrawn' || status === 'stopped'
          ? 'badge badge-muted'
          : 'badge badge-info';
  return (
    <span className={tone} data-status={status}>
      {t.statuses[status] ?? status}
    </span>
  );
}

/** Overdue / due-soon flags; nothing for a dossier on time. */
export function DueBadge({ overdue, dueSoon }: { overdue: boolean; dueSoon: boolean }) {
  const t = useTexts();
  if (overdue) return <span className="badge badge-deceased">{t.overdue}</span>;
  if (dueSoon) return <span className="badge">{t.dueSoon}</span>;
  return null;
}

function actorLabel(t: Texts, actor: TimelineEntry['actor']): string {
  const kind = t.actors[actor.kind] ?? actor.kind;
  return actor.name ? `${kind} · ${actor.name}` : kind;
}

/** The dossier's actions, oldest first, each with the status it led to and its note or reason. */
export function DossierTimeline({ entries }: { entries: TimelineEntry[] }) {
  const t = useTexts();
  const f = useFormat();
  if (entries.length === 0) return <p className="muted">{t.noHistory}</p>;
  return (
    <ol className="timeline dossier-timeline">
      {entries.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an append-only list, never reordered
        <li key={`${e.at}-${i}`}>
          <p className="dossier-timeline-head">
            <time className="timeline-date" dateTime={e.at}>
              {f.dateTime(e.at)}
            </time>{' '}
            <strong>{t.actions[e.action] ?? e.action}</strong> <StatusBadge status={e.status} />
          </p>
          <p className="muted">{actorLabel(t, e.actor)}</p>
          {e.note && <p className="dossier-note">{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}

/** Uploaded components with a download link each (`base` is the citizen's or the officer's dossier URL). */
export function DocumentList({ dossier, base, names }: { dossier: Dossier; base: string; names?: boolean }) {
  const t = useTexts();
  if (dossier.documents.length === 0) return <p className="muted">{t.noDocuments}</p>;
  const label = (key: string) =>
    (dossier.components ?? []).flatMap((c) => c.items).find((i) => i.key === key)?.name ?? key;
  return (
    <ul className="doc-list">
      {dossier.documents.map((doc) => (
        <li key={doc.id}>
          {names !== false && <span className="muted">{label(doc.component)}: </span>}
          <a href={`${base}/${dossier.id}/documents/${doc.id}`} download>
            {doc.fileName}
          </a>{' '}
          <span className="muted">({formatBytes(doc.size)})</span>
        </li>
      ))}
    </ul>
  );
}

/** Receipt code, procedure, agency, status and due date of a dossier. */
export function DossierFacts({ dossier, extra }: { dossier: Dossier; extra?: ReactNode }) {
  const t = useTexts();
  const f = useFormat();
  return (
    <dl className="facts facts-wide">
      <div>
        <dt>{t.receiptCode}</dt>
        <dd className="mono" data-receipt-code>
          {dossier.receiptCode ?? t.statuses.draft}
        </dd>
      </div>
      <div>
        <dt>{t.status}</dt>
        <dd>
          <StatusBadge status={dossier.status} />{' '}
          <DueBadge overdue={dossier.overdue} dueSoon={dossier.dueSoon} />
        </dd>
      </div>
      <div>
        <dt>{t.procedure}</dt>
        <dd>
          {dossier.procedure.name} <span className="muted">({dossier.procedure.code})</span>
        </dd>
      </div>
      <div>
        <dt>{t.agency}</dt>
        <dd>{dossier.agency.name}</dd>
      </div>
      {dossier.paused && (
        <div>
          <dt>{t.clock}</dt>
          <dd>{t.paused}</dd>
        </div>
      )}
      {dossier.submittedAt && (
        <div>
          <dt>{t.submittedOn}</dt>
          <dd>{f.date(dossier.submittedAt)}</dd>
        </div>
      )}
      <div>
        <dt>{t.dueOn}</dt>
        <dd data-due-on>{dossier.dueOn ? f.date(dossier.dueOn) : t.none}</dd>
      </div>
      {dossier.fee && (
        <div>
          <dt>{t.fee}</dt>
          <dd>{dossier.fee.amount > 0 ? f.money(dossier.fee.amount) : t.free}</dd>
        </div>
      )}
      {extra}
    </dl>
  );
}

/** A problem+json answer; a 409 on an action also says which actions the status allows now. */
export function ActionProblemAlert({ problem }: { problem: Problem }) {
  const t = useTexts();
  const allowed = (problem as ActionProblem).allowed;
  return (
    <>
      <ProblemAlert problem={problem} />
      {Array.isArray(allowed) && (
        <p className="note">
          {allowed.length
            ? fill(t.notAllowed, { actions: allowed.map((a) => t.actions[a] ?? a).join(', ') })
            : t.nothingAllowed}
        </p>
      )}
    </>
  );
}
