// Shapes of the catalogue API (src/modules/procedures/schemas.ts): only what the pages use.
export type ChannelKind = 'in_person' | 'online' | 'post';
export type TimeUnit = 'working_days' | 'days' | 'hours';
export type Level = 'province' | 'commune';
export type Role = 'dossiers.receive' | 'dossiers.process' | 'dossiers.approve';

export interface Channel {
  channel: ChannelKind;
  timeLimit: { amount: number; unit: TimeUnit };
  fee: { amount: number; note: string } | null;
}
export interface ComponentItem {
  key: string;
  name: string;
  originals: number;
  copies: number;
  required: boolean;
  accept: string[];
  maxBytes: number;
  template?: string;
}
export interface ComponentCase {
  case: string;
  items: ComponentItem[];
}
export interface WorkflowStep {
  key: string;
  name: string;
  role: Role;
  share: number;
}
export interface Content {
  name: string;
  nameEn: string;
  level: Level;
  field: string;
  applicantTypes: ('citizen' | 'enterprise' | 'household_business')[];
  agencyCode: string | null;
  competentAgency: string;
  steps: string[];
  channels: Channel[];
  onlineLevel: 'full' | 'partial' | null;
  components: ComponentCase[];
  form: { schema: Record<string, unknown>; ui: Record<string, unknown> };
  workflow: WorkflowStep[];
  result: string;
  legalBasis: string[];
  conditions: string[];
  keywords: string[];
}
export interface Version extends Content {
  id: string;
  code: string;
  localCode: string;
  version: number;
  publishedAt: string;
}
export interface ProcedurePage extends Version {
  agency: { code: string; name: string } | null;
}
export interface Draft extends Content {
  id: string;
  code: string;
  version: number;
  updatedAt: string;
}
export interface Summary {
  code: string;
  localCode: string;
  version: number;
  name: string;
  nameEn: string;
  level: Level;
  field: string;
  agency: { code: string; name: string } | null;
  onlineLevel: 'full' | 'partial' | null;
  channels: Channel[];
}
export interface Agency {
  code: string;
  name: string;
  level: Level;
  communeCode: string | null;
}
export interface CatalogueEntry {
  code: string;
  published: {
    id: string;
    version: number;
    name: string;
    level: Level;
    field: string;
    publishedAt: string;
  } | null;
  draft: { id: string; version: number; name: string; level: Level; field: string; updatedAt: string } | null;
}
export interface VersionEntry {
  id: string;
  version: number;
  status: 'draft' | 'published';
  name: string;
  createdAt: string;
  createdBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
}
export interface FieldError {
  pointer: string;
  detail: string;
}

export const CHANNELS: ChannelKind[] = ['in_person', 'online', 'post'];
export const ROLES: Role[] = ['dossiers.receive', 'dossiers.process', 'dossiers.approve'];
