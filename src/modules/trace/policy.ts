/**
 * Who may do what in traceability (ARCHITECTURE §5, §8.7: one `can` function, tested as a matrix).
 *
 * - A business user acts for one business at a time, as `manager` (everything for that business) or
 *   `staff` (record events, check incoming goods, read). Nothing for another business.
 * - The authority is a province officer of the installation's province: reads every business and every
 *   event, and recalls batches of any product (Law on Food Safety 2010 Art. 55: the competent authority
 *   may order a recall).
 * - Everyone else (the public) reads only what the resolver and the scan page publish.
 */
export type MemberRole = 'manager' | 'staff';

export type Actor =
  | { kind: 'business-user'; userId: string; businessId: string; role: MemberRole }
  | { kind: 'authority'; userId: string; provinceCode: string }
  | { kind: 'public' };

export const ACTIONS = [
  'business.read',
  'product.write',
  'batch.write',
  'label.print',
  'event.record',
  'receiving.check',
  'recall.issue',
  'recall.end',
  'epcis.capture',
  'epcis.query',
  'reports.read',
] as const;
export type Action = (typeof ACTIONS)[number];

const STAFF: readonly Action[] = [
  'business.read',
  'event.record',
  'receiving.check',
  'epcis.capture',
  'epcis.query',
];
const AUTHORITY: readonly Action[] = [
  'business.read',
  'recall.issue',
  'recall.end',
  'epcis.query',
  'reports.read',
];

export function can(actor: Actor, action: Action, resource: { businessId?: string } = {}): boolean {
  switch (actor.kind) {
    case 'public':
      return false;
    case 'authority':
      return AUTHORITY.includes(action);
    case 'business-user':
      if (action === 'reports.read') return false;
      if (resource.businessId !== undefined && resource.businessId !== actor.businessId) return false;
      return actor.role === 'manager' || STAFF.includes(action);
  }
}

/** The actor's name in the audit log and in capture jobs. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'public' ? 'public' : `officer:${actor.userId}`;
}
