// Shapes of /api/v1/trace/* responses used by the business area.
export { postJson, sendJson } from '../../api.ts';

export const TRACE = '/api/v1/trace';

export interface Membership {
  businessId: string;
  name: string;
  kind: string;
  enterpriseCode: string;
  role: 'manager' | 'staff';
  status: 'active' | 'suspended';
}

export interface Me {
  user: { id: string; name: string };
  authority: boolean;
  /** Keeps the business registry (a province officer with platform.admin). */
  registrar: boolean;
  memberships: Membership[];
}

export type CertificationStatus = 'valid' | 'expired' | 'not_yet_valid' | 'withdrawn';

export interface Certification {
  id: string;
  scheme: 'vietgap' | 'ocop' | 'organic' | 'food_safety';
  number: string;
  issuer: string;
  level: number | null;
  validFrom: string;
  validUntil: string;
  valid: boolean;
  status: CertificationStatus;
}

export interface BusinessSummary {
  id: string;
  enterpriseCode: string;
  name: string;
  kinds: string[];
  status: 'active' | 'suspended';
  gln: string;
  companyPrefixes: string[];
  street: string | null;
  place: { communeCode: string; communeName: string; provinceName: string } | null;
  validCertifications?: number;
}

export interface BusinessDetail extends BusinessSummary {
  statusReason: string | null;
  certifications: Certification[];
}

export interface Member {
  userId: string;
  name: string;
  role: 'manager' | 'staff';
  addedAt: string;
  eId: boolean;
}

export interface Batch {
  id: string;
  lot: string;
  productionDate: string | null;
  expiryDate: string | null;
  expired: boolean;
  recalled: boolean;
  quantity: number | null;
  unit: string | null;
}

export interface Product {
  id: string;
  gtin: string;
  gtinDisplay: string;
  name: string;
  nameEn: string | null;
  netContent: string | null;
  batches: Batch[];
}

export interface CheckResult {
  id: string;
  verdict: 'genuine' | 'expired' | 'recalled' | 'duplicate' | 'not_shipped_here' | 'unknown';
  reasons: { code: string; vi: string; en: string }[];
  product: { gtin: string; name: string; nameEn: string | null } | null;
  lot: string | null;
  serial: string | null;
  receivingEventId: string | null;
}

export interface Recall {
  id: string;
  gtin: string;
  productName: string;
  lot: string | null;
  reason: string;
  issuedBy: 'business' | 'authority';
  issuedAt: string;
  endedAt: string | null;
}

export interface Notification {
  id: string;
  recallId: string;
  gtin: string;
  productName: string;
  lot: string | null;
  reason: string;
  active: boolean;
  createdAt: string;
}

/** The path of a Digital Link (what the resolver serves), with its lot and serial. */
export function linkPath(gtin: string, lot?: string | null, serial?: string | null): string {
  const enc = (v: string) =>
    encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `/01/${gtin}${lot ? `/10/${enc(lot)}` : ''}${serial ? `/21/${enc(serial)}` : ''}`;
}
