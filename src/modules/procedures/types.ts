/**
 * The procedure catalogue's public types (ISSUE6 contract): agencies with QCVN 102 codes and versions of
 * administrative procedures carrying the fields of the national procedure database (DOMAIN §4).
 */

export interface Agency {
  code: string;
  name: string;
  level: 'province' | 'commune';
  communeCode: string | null;
}

/** National channel codes: 1 in person, 2 online, 3 post (DOMAIN §5). */
export type ChannelKind = 'in_person' | 'online' | 'post';
export const CHANNELS: readonly ChannelKind[] = ['in_person', 'online', 'post'];
export const CHANNEL_CODES: Record<ChannelKind, number> = { in_person: 1, online: 2, post: 3 };

export type TimeUnit = 'working_days' | 'days' | 'hours';
export const TIME_UNITS: readonly TimeUnit[] = ['working_days', 'days', 'hours'];

export interface ProcedureChannel {
  channel: ChannelKind;
  timeLimit: { amount: number; unit: TimeUnit };
  /** Fees and charges in integer VND; null when the channel is free of charge. */
  fee: { amount: number; note: string } | null;
}

export type WorkflowRole = 'dossiers.receive' | 'dossiers.process' | 'dossiers.approve';
export const WORKFLOW_ROLES: readonly WorkflowRole[] = [
  'dossiers.receive',
  'dossiers.process',
  'dossiers.approve',
];

/** One step of the one-stop workflow; `share` is its part of the channel's time limit (shares sum to 1). */
export interface WorkflowStep {
  key: string;
  name: string;
  role: WorkflowRole;
  share: number;
}

export type ApplicantType = 'citizen' | 'enterprise' | 'household_business';
export const APPLICANT_TYPES: readonly ApplicantType[] = ['citizen', 'enterprise', 'household_business'];

export interface ComponentItem {
  key: string;
  name: string;
  /** Number of originals (bản chính) and copies (bản sao) required. */
  originals: number;
  copies: number;
  required: boolean;
  /** Accepted media types of an uploaded file, e.g. `application/pdf`, `image/jpeg`. */
  accept: string[];
  maxBytes: number;
  /** The official template (mẫu) the applicant fills in, when there is one. */
  template?: string;
}

/** Dossier components for one case (trường hợp, TRUONGHOP in the national database). */
export interface ComponentCase {
  case: string;
  items: ComponentItem[];
}

/** Where a form field may be pre-filled from: the whole vocabulary (helper D resolves them). */
export type PrefillSource =
  | 'registry.fullName'
  | 'registry.birthDate'
  | 'registry.sex'
  | 'registry.personalId'
  | 'registry.permanentAddress'
  | 'registry.currentAddress'
  | 'registry.hometown'
  | 'registry.nationality'
  | 'registry.ethnicity'
  | 'registry.maritalStatus'
  | 'identity.phone';
export const PREFILL_SOURCES: readonly PrefillSource[] = [
  'registry.fullName',
  'registry.birthDate',
  'registry.sex',
  'registry.personalId',
  'registry.permanentAddress',
  'registry.currentAddress',
  'registry.hometown',
  'registry.nationality',
  'registry.ethnicity',
  'registry.maritalStatus',
  'identity.phone',
];

/**
 * UI hints of an application form: field order, widgets and help texts by top-level property name.
 * `x-prefill` itself lives in the JSON Schema, on top-level properties only.
 */
export interface FormUi {
  order?: string[];
  widgets?: Record<
    string,
    'text' | 'textarea' | 'date' | 'select' | 'radio' | 'checkbox' | 'commune' | 'number'
  >;
  help?: Record<string, string>;
  /** Fields shown but not editable once pre-filled (the citizen confirms them). */
  readonlyWhenPrefilled?: string[];
}

export interface ProcedureForm {
  schema: Record<string, unknown>;
  ui: Record<string, unknown>;
}

export type Level = 'province' | 'commune';
export type OnlineLevel = 'full' | 'partial';

/** What an administrator edits: everything of a version except its identity and publication. */
export interface ProcedureContent {
  name: string;
  /** English name for the bilingual portal. */
  nameEn: string;
  level: Level;
  /** Lĩnh vực, e.g. "Hộ tịch". */
  field: string;
  applicantTypes: ApplicantType[];
  /** Province-level: the implementing agency; commune-level: null (the People's Committee of the commune). */
  agencyCode: string | null;
  /** The competent agency (cơ quan có thẩm quyền), e.g. "Chủ tịch Ủy ban nhân dân cấp xã". */
  competentAgency: string;
  /** Trình tự thực hiện: the steps as the applicant reads them. */
  steps: string[];
  channels: ProcedureChannel[];
  onlineLevel: OnlineLevel | null;
  components: ComponentCase[];
  form: ProcedureForm;
  workflow: WorkflowStep[];
  result: string;
  legalBasis: string[];
  /** Yêu cầu, điều kiện; empty when there are none. */
  conditions: string[];
  /** Search keywords besides the name (tone marks are ignored). */
  keywords: string[];
}

export interface ProcedureVersion extends ProcedureContent {
  /** uuid of this version (a dossier keeps it). */
  id: string;
  /** National code, e.g. 1.001193. */
  code: string;
  /** The code applied in the province: the national code with the provincial People's Committee's code appended. */
  localCode: string;
  version: number;
  publishedAt: string;
}

/** A draft (not yet published) version, as administrators see it. */
export interface ProcedureDraft extends ProcedureContent {
  id: string;
  code: string;
  version: number;
  updatedAt: string;
}
