import { authErrors } from '../../platform/auth/index.ts';
import { toCivilDate } from '../../platform/calendar/index.ts';
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { dossierNotFound, errors } from './errors.ts';
import { type Actor, actorRef, maySee, type Scope, scopeOf } from './policy.ts';
import { type DossierRow, type FeedbackRow, typed } from './store.ts';

/** Feedback is answered within 15 working days (Decree 20/2008; Decision 766 indicator 5.1). */
export const FEEDBACK_WORKING_DAYS = 15;

type Citizen = Extract<Actor, { kind: 'citizen' }>;
type Officer = Extract<Actor, { kind: 'officer' }>;
type Joined = FeedbackRow & Pick<DossierRow, 'receipt_code' | 'procedure_name'>;

/**
 * Citizens' complaints and suggestions on their dossiers (phản ánh, kiến nghị), answered by the agency's
 * one-stop within 15 working days. The applicant files and reads their own; officers see and answer those
 * on dossiers in their scope. Texts are sealed at rest; every officer read is audited.
 */
export function createFeedback(platform: Platform) {
  const { db, clock, calendar, sealer, audit } = platform;
  const t = (x: Db) => typed(x);
  const textContext = (id: string) => `dossiers.feedback:${id}`;
  const answerContext = (id: string) => `dossiers.feedback.answer:${id}`;
  const feedbackNotFound = () =>
    errors.feedback_not_found({ vi: 'Không tìm thấy phản ánh, kiến nghị.', en: 'No such feedback.' });

  function present(f: Joined) {
    const today = toCivilDate(clock.now());
    return {
      id: f.id,
      dossierId: f.dossier_id,
      receiptCode: f.receipt_code,
      procedureName: f.procedure_name,
      kind: f.kind,
      text: sealer.openText(f.text_sealed, textContext(f.id)),
      receivedOn: f.received_on,
      dueOn: f.due_on,
      overdue: f.answered_on === null ? f.due_on < today : f.answered_on > f.due_on,
      answer:
        f.answer_sealed && f.answered_at
          ? {
              text: sealer.openText(f.answer_sealed, answerContext(f.id)),
              at: f.answered_at.toISOString(),
              by: f.answered_by_name,
            }
          : null,
      createdAt: f.created_at.toISOString(),
    };
  }

  const joined = (x: Db) =>
    t(x)
      .selectFrom('dossiers.feedback as f')
      .innerJoin('dossiers.dossier as d', 'd.id', 'f.dossier_id')
      .selectAll('f')
      .select(['d.receipt_code', 'd.procedure_name']);

  const inScope = (scope: Scope) => (q: ReturnType<typeof joined>) =>
    scope.all
      ? q
      : scope.agency
        ? q.where('d.agency_code', '=', scope.agency)
        : q.where('d.agency_commune', '=', scope.commune ?? '');

  function officerScope(actor: Officer): Scope {
    const scope = scopeOf(actor.officer);
    if (!scope) throw authErrors.forbidden({ vi: 'Cần vai trò một cửa.', en: 'This needs a one-stop role.' });
    return scope;
  }

  return {
    /** The applicant's complaint or suggestion on a submitted dossier; due in 15 working days. */
    async file(actor: Citizen, dossierId: string, input: { kind: FeedbackRow['kind']; text: string }) {
      if (!isUuid(dossierId)) throw dossierNotFound();
      const d = await t(db)
        .selectFrom('dossiers.dossier')
        .selectAll()
        .where('id', '=', dossierId)
        .executeTakeFirst();
      if (!d || !maySee(actor, d) || d.status === 'draft') throw dossierNotFound();
      const now = clock.now();
      const due = calendar.dueDate({
        receivedAt: now,
        amount: FEEDBACK_WORKING_DAYS,
        unit: 'working_days',
        channel: 'online',
      });
      const id = newId();
      const row: FeedbackRow = {
        id,
        dossier_id: d.id,
        personal_id: actor.personalId,
        kind: input.kind,
        text_sealed: sealer.seal(input.text.normalize('NFC').trim(), textContext(id)),
        created_at: now,
        received_on: due.receivedOn,
        due_on: due.dueOn,
        answer_sealed: null,
        answered_at: null,
        answered_on: null,
        answered_by: null,
        answered_by_name: null,
      };
      await db.transaction().execute(async (tx) => {
        await t(tx).insertInto('dossiers.feedback').values(row).execute();
        await audit.record(tx, {
          actor: actorRef(actor),
          action: 'dossiers.feedback.filed',
          subjectPerson: actor.personalId,
          details: { feedback: id, dossier: d.id, kind: input.kind },
        });
      });
      return present({ ...row, receipt_code: d.receipt_code, procedure_name: d.procedure_name });
    },

    /** The applicant's own feedback, newest first, with the answers. */
    async mine(actor: Citizen, limit = 50) {
      const rows = await joined(db)
        .where('f.personal_id', '=', actor.personalId)
        .orderBy('f.created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(present);
    },

    /** Feedback on dossiers in the officer's scope: `open` by due date (overdue first), `answered` newest first. */
    async queue(actor: Officer, view: 'open' | 'answered', limit: number, requestId: string) {
      const scope = officerScope(actor);
      let q = inScope(scope)(joined(db));
      q =
        view === 'open'
          ? q.where('f.answered_at', 'is', null).orderBy('f.due_on').orderBy('f.created_at')
          : q.where('f.answered_at', 'is not', null).orderBy('f.answered_at', 'desc');
      const rows = await q.limit(limit).execute();
      if (rows.length > 0)
        await audit.recordMany(
          db,
          rows.map((f) => ({
            actor: actorRef(actor),
            action: 'dossiers.feedback.view',
            subjectPerson: f.personal_id,
            purpose: 'Giải quyết phản ánh, kiến nghị',
            requestId,
            details: { feedback: f.id, dossier: f.dossier_id },
          })),
        );
      return rows.map(present);
    },

    /** The agency's answer, once; needs `dossiers.process` and the dossier in scope. */
    async answer(actor: Officer, id: string, text: string) {
      const scope = officerScope(actor);
      if (!actor.officer.roles.includes('dossiers.process'))
        throw authErrors.forbidden({
          vi: 'Cần vai trò xử lý hồ sơ.',
          en: 'This needs the role dossiers.process.',
        });
      if (!isUuid(id)) throw feedbackNotFound();
      return db.transaction().execute(async (tx) => {
        const f = await inScope(scope)(joined(tx)).where('f.id', '=', id).forUpdate('f').executeTakeFirst();
        if (!f) throw feedbackNotFound();
        if (f.answered_at)
          throw errors.feedback_answered({
            vi: 'Phản ánh này đã được trả lời.',
            en: 'This feedback was already answered.',
          });
        const now = clock.now();
        const answered = {
          answer_sealed: sealer.seal(text.normalize('NFC').trim(), answerContext(id)),
          answered_at: now,
          answered_on: toCivilDate(now),
          answered_by: actorRef(actor),
          answered_by_name: actor.officer.name,
        };
        await t(tx).updateTable('dossiers.feedback').set(answered).where('id', '=', id).execute();
        await audit.record(tx, {
          actor: actorRef(actor),
          action: 'dossiers.feedback.answered',
          subjectPerson: f.personal_id,
          details: { feedback: id, dossier: f.dossier_id },
        });
        return present({ ...f, ...answered });
      });
    },
  };
}

export type Feedback = ReturnType<typeof createFeedback>;
