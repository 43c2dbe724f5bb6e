/**
 * Who may do what in traceability (ARCHITECTURE §5, §8.7: one `can` function, tested as a matrix).
 *
 * - A business user acts for one business at a time, as `manager` (everything for that business) or
 *   `staff` (record events, check incoming goods, read). Nothing for another business.
 * - The authority is a province officer of the installation's province: reads every business and every
 *   event, and recalls batches of any product (Law on Food Safety 2010 Art. 55: the competent authority
 *   may order a recall). A province officer who also holds `platform.admin` is the registrar: registers,
 *   edits and suspends businesses, records and withdraws their certifications, and manages members (to
 *   give a new business its first manager).
 * - A suspended business's users keep reading (`business.read`, `epcis.query`) and do nothing else.
 * - Everyone else (the public) reads only what the resolver and the scan page publish.
 */
export type MemberRole = 'manager' | 'staff';

export type Actor =
  | { kind: 'business-user'; userId: string; businessId: string; role: MemberRole; suspended?: boolean }
  | { kind: 'authority'; userId: string; provinceCode: string; registrar?: boolean }
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
  'business.register',
  'business.edit',
  'certification.write',
  'member.manage',
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

const REGISTRAR: readonly Action[] = [
  ...AUTHORITY,
  'business.register',
  'business.edit',
  'certification.write',
  'member.manage',
];
/** What a suspended business's users may still do. */
export const WHILE_SUSPENDED: readonly Action[] = ['business.read', 'epcis.query'];
/** Only the authority acts on the registry itself. */
const REGISTRY_ONLY: readonly Action[] = ['business.register', 'business.edit', 'certification.write'];

export function can(actor: Actor, action: Action, resource: { businessId?: string } = {}): boolean {
  switch (actor.kind) {
    case 'public':
      return false;
    case 'authority':
      return (actor.registrar ? REGISTRAR : AUTHORITY).includes(action);
    case 'business-user':
      if (action === 'reports.read' || REGISTRY_ONLY.includes(action)) return false;
      if (resource.businessId !== undefined && resource.businessId !== actor.businessId) return false;
      if (actor.suspended && !WHILE_SUSPENDED.includes(action)) return false;
      return actor.role === 'manager' || STAFF.includes(action);
  }
}

/** The actor's name in the audit log and in capture jobs. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'public' ? 'public' : `officer:${actor.userId}`;
}
