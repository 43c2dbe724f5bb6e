import { type Problem, ProblemError } from '../../api.ts';
import i18n from '../../i18n.ts';

// Shapes of the public-services APIs (modules `procedures` and `dossiers`) as the pages use them, and the one
// request helper they need beyond api.ts: PATCH, multipart uploads and an Idempotency-Key on every mutation.

export const ME = '/api/v1/me/dossiers';
export const ONE_STOP = '/api/v1/one-stop';
export const PUBLIC = '/api/v1/public';
export const PROCEDURES = '/api/v1/procedures';

export type Status =
  | 'draft'
  | 'submitted'
  | 'received'
  | 'not_received'
  | 'in_process'
  | 'supplement_requested'
  | 'payment_requested'
  | 'withdrawn'
  | 'stopped'
  | 'finished'
  | 'returned';

export type Action =
  | 'submit'
  | 'receive'
  | 'refuse_intake'
  | 'assign'
  | 'forward'
  | 'request_supplement'
  | 'supplement'
  | 'request_payment'
  | 'record_payment'
  | 'approve'
  | 'return_result'
  | 'stop'
  | 'withdraw'
  | 'apologise'
  | 'rate';

/** Actions an officer takes from the dossier page (the citizen's ones have their own forms). */
export const OFFICER_ACTIONS: readonly Action[] = [
  'receive',
  'refuse_intake',
  'assign',
  'forward',
  'request_supplement',
  'request_payment',
  'record_payment',
  'approve',
  'return_result',
  'apologise',
  'stop',
];

export interface ComponentItem {
  key: string;
  name: string;
  originals: number;
  copies: number;
  required: boolean;
  accept: string[];
  maxBytes: number;
}

export interface Channel {
  channel: 'in_person' | 'online' | 'post';
  timeLimit: { amount: number; unit: 'working_days' | 'days' | 'hours' };
  fee: { amount: number; note: string } | null;
}

export interface Procedure {
  id: string;
  code: string;
  version: number;
  name: string;
  level: 'province' | 'commune';
  field: string;
  agencyCode: string | null;
  agency?: { code: string; name: string } | null;
  channels: Channel[];
  onlineLevel: 'full' | 'partial' | null;
  components: { case: string; items: ComponentItem[] }[];
  form: { schema: JsonSchema; ui: Record<string, unknown> };
  result: string;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  level?: string;
  field?: string;
  onlineLevel?: string | null;
}

export interface Agency {
  code: string;
  name: string;
  level: 'province' | 'commune';
  communeCode: string | null;
}

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  oneOf?: { const?: unknown; title?: string }[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
  'x-prefill'?: string;
  [key: string]: unknown;
}

export interface DossierDocument {
  id: string;
  component: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256?: string;
  uploadedAt: string;
}

export interface TimelineEntry {
  at: string;
  action: Action | string;
  status: Status;
  actor: { kind: 'citizen' | 'officer' | 'system'; name: string | null };
  note: string | null;
}

export interface Dossier {
  id: string;
  receiptCode: string | null;
  status: Status;
  statusCode: number;
  procedure: { code: string; version: number; name: string; id?: string };
  agency: { code: string; name: string };
  communeCode?: string | null;
  applicant: { personalId: string; fullName: string };
  channel: 'in_person' | 'online' | 'post';
  form: { schema: JsonSchema; ui: Record<string, unknown> };
  data: Record<string, unknown>;
  prefilled: Record<string, string>;
  components?: { case: string; items: ComponentItem[] }[];
  documents: DossierDocument[];
  fee: { amount: number; note?: string } | null;
  payment?: { amount: number; paidOnline: boolean; paidAt: string | null } | null;
  timeLimit?: { amount: number; unit: string };
  submittedAt?: string | null;
  receivedOn?: string | null;
  dueOn: string | null;
  dueSoon: boolean;
  overdue: boolean;
  paused?: boolean;
  workflow?: { steps: { key: string; name: string; role: string }[]; current: string | null };
  handlerId?: string | null;
  handlerName?: string | null;
  timeline: TimelineEntry[];
  allowedActions: Action[];
  result: { documentId: string; verifyUrl: string } | null;
  rating?: { satisfied: boolean; comment: string | null; at: string | null } | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface DossierSummary {
  id: string;
  receiptCode: string | null;
  status: Status;
  procedure: { code: string; name: string };
  agency: { code: string; name: string };
  applicantName: string;
  channel: 'in_person' | 'online' | 'post';
  handlerId: string | null;
  submittedAt: string | null;
  createdAt: string;
  dueOn: string | null;
  dueSoon: boolean;
  overdue: boolean;
  supplementCount: number;
}

/** Lists come as `{items}` (or a bare array from an earlier API shape). */
export function itemsOf<T>(data: { items: T[] } | T[] | undefined): T[] | undefined {
  if (data === undefined) return undefined;
  return Array.isArray(data) ? data : data.items;
}

export interface ActionProblem extends Problem {
  allowed?: Action[];
}

/** A fresh key per user gesture: a retried request (double tap, flaky network) is applied once. */
export function idempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Sends a JSON body (or a FormData, as multipart) with an Idempotency-Key and returns the JSON answer;
 * problem+json answers become a ProblemError whose problem keeps every field (`allowed` on a 409).
 */
export async function send<T>(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  key: string = idempotencyKey(),
): Promise<T> {
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        'Accept-Language': i18n.language,
        'Idempotency-Key': key,
        ...(body !== undefined && !form && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body),
    });
  } catch {
    throw new ProblemError({ title: i18n.t('errors.network') });
  }
  const json: unknown = (res.headers.get('content-type') ?? '').includes('json')
    ? await res.json().catch(() => undefined)
    : undefined;
  if (res.ok) return json as T;
  if (typeof json === 'object' && json !== null && typeof (json as Problem).title === 'string')
    throw new ProblemError(json as Problem);
  throw new ProblemError({ title: i18n.t('errors.unexpected', { status: res.status }), status: res.status });
}

export function problemOf(err: unknown): ActionProblem {
  return err instanceof ProblemError ? err.problem : { title: String(err) };
}
