import { type Kysely, sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Action, Status } from './lifecycle.ts';
import type { Scope } from './policy.ts';

/** The dossiers schema, typed for this module's store only (ARCHITECTURE §4.1). */
export interface DossierRow {
  id: string;
  receipt_code: string | null;
  procedure_id: string;
  procedure_code: string;
  procedure_version: number;
  procedure_name: string;
  level: 'province' | 'commune';
  agency_code: string;
  agency_name: string;
  agency_commune: string | null;
  commune_code: string | null;
  applicant_personal_id: string;
  applicant_name: string;
  applicant_type: 'citizen' | 'enterprise' | 'household_business';
  account_id: string | null;
  notify_phone_sealed: string | null;
  channel: 'in_person' | 'online' | 'post';
  status: Status;
  step: number;
  handler_id: string | null;
  data_sealed: string;
  prefilled: Record<string, string>;
  fee_amount: number | null;
  fee_note: string | null;
  payment_amount: number | null;
  time_limit: { amount: number; unit: 'working_days' | 'days' | 'hours' };
  created_by: string;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  received_on: string | null;
  due_on: string | null;
  due_at: Date | null;
  first_due_on: string | null;
  paused_on: string | null;
  result_document_id: string | null;
  online: boolean;
  prefilled_used: boolean;
  eid_authenticated: boolean;
  paid_online: boolean;
  paid_at: Date | null;
  electronic_result: boolean;
  digitised_components: number;
  supplement_count: number;
  paused_days: number;
  apology_count: number;
  finished_at: Date | null;
  finished_on: string | null;
  returned_at: Date | null;
  returned_on: string | null;
  rating_satisfied: boolean | null;
  rating_comment: string | null;
  rated_at: Date | null;
  version: number;
  /** A component came from the citizen's document store, or the electronic result went into it. */
  store_used?: boolean;
}

export interface ActionRow {
  id: string;
  dossier_id: string;
  seq: number;
  action: Action | 'create';
  from_status: Status;
  to_status: Status;
  actor: string;
  actor_name: string | null;
  note: string | null;
  /** jsonb: written as JSON text, read as an object. */
  details: unknown;
  at: Date;
}

export interface DocumentRow {
  id: string;
  dossier_id: string;
  component: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  content_sealed: string;
  uploaded_by: string;
  uploaded_at: Date;
  /** The document of the citizen's store this component was taken from. */
  from_document?: string | null;
}

export interface Tables {
  'dossiers.dossier': DossierRow;
  'dossiers.action': ActionRow;
  'dossiers.document': DocumentRow;
  'dossiers.feedback': FeedbackRow;
  'dossiers.receipt_sequence': { agency_code: string; day: string; last: number };
  'dossiers.idempotency': {
    scope: string;
    key: string;
    request_hash: string;
    status: number;
    body: unknown;
    created_at: Date;
  };
  'dossiers.sync_outbox': {
    id: string;
    dossier_id: string;
    receipt_code: string;
    status_code: number;
    payload: unknown;
    recorded_at: Date;
  };
  'dossiers.notice': {
    id: string;
    personal_id: string;
    dossier_id: string;
    status: string;
    text_vi: string;
    text_en: string;
    at: Date;
    event_id: string;
  };
}

export interface FeedbackRow {
  id: string;
  dossier_id: string;
  personal_id: string;
  kind: 'complaint' | 'suggestion';
  text_sealed: string;
  created_at: Date;
  received_on: string;
  due_on: string;
  answer_sealed: string | null;
  answered_at: Date | null;
  answered_on: string | null;
  answered_by: string | null;
  answered_by_name: string | null;
}

export type DossierDb = Kysely<Tables>;
export const typed = (db: Db) => db as unknown as DossierDb;

/** Columns of the officers' queue and "my dossiers" lists (no form data, no files). */
export const LIST_COLUMNS = [
  'id',
  'receipt_code',
  'procedure_code',
  'procedure_name',
  'agency_code',
  'agency_name',
  'applicant_name',
  'channel',
  'status',
  'step',
  'handler_id',
  'submitted_at',
  'created_at',
  'due_on',
  'due_at',
  'paused_on',
  'supplement_count',
] as const;

/** Statuses in the officers' queues: the same lists as the partial indexes of migration 0001. */
const QUEUED: Status[] = [
  'submitted',
  'received',
  'in_process',
  'supplement_requested',
  'payment_requested',
  'finished',
];
const MINE: Status[] = ['received', 'in_process', 'supplement_requested', 'payment_requested', 'finished'];

/**
 * The officer's queue, most urgent first: one index range scan over a partial index (agency, commune,
 * handler or all) in appointment order, stopped at `limit` — cost independent of the table's size.
 */
export function queueQuery(
  db: DossierDb,
  scope: Scope,
  view: 'intake' | 'mine' | 'all',
  officerId: string,
  limit: number,
) {
  let q = db.selectFrom('dossiers.dossier').select(LIST_COLUMNS);
  if (scope.agency) q = q.where('agency_code', '=', scope.agency);
  else if (scope.commune) q = q.where('agency_commune', '=', scope.commune);
  if (view === 'intake')
    return q.where('status', '=', 'submitted').orderBy('submitted_at').orderBy('id').limit(limit);
  if (view === 'mine') q = q.where('status', 'in', MINE).where('handler_id', '=', officerId);
  else q = q.where('status', 'in', QUEUED);
  return q.orderBy(sql`due_at asc nulls last`).orderBy('id').limit(limit);
}
