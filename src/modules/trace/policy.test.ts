import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action, type Actor, can } from './policy.ts';

const OWN = 'b-own';
const OTHER = 'b-other';
const manager: Actor = { kind: 'business-user', userId: 'u1', businessId: OWN, role: 'manager' };
const staff: Actor = { kind: 'business-user', userId: 'u2', businessId: OWN, role: 'staff' };
const authority: Actor = { kind: 'authority', userId: 'u3', provinceCode: '38' };
const registrar: Actor = { kind: 'authority', userId: 'u4', provinceCode: '38', registrar: true };
const suspendedManager: Actor = { ...manager, suspended: true } as Actor;
const anyone: Actor = { kind: 'public' };

const staffMay: Action[] = [
  'business.read',
  'event.record',
  'receiving.check',
  'epcis.capture',
  'epcis.query',
];
const authorityMay: Action[] = ['business.read', 'recall.issue', 'recall.end', 'epcis.query', 'reports.read'];
const registrarMay: Action[] = [
  ...authorityMay,
  'business.register',
  'business.edit',
  'certification.write',
  'member.manage',
];
const registryOnly: Action[] = ['business.register', 'business.edit', 'certification.write'];

describe('trace policy: role × action × own/other business', () => {
  for (const action of ACTIONS) {
    it(action, () => {
      expect(can(manager, action, { businessId: OWN })).toBe(
        action !== 'reports.read' && !registryOnly.includes(action),
      );
      expect(can(suspendedManager, action, { businessId: OWN })).toBe(
        action === 'business.read' || action === 'epcis.query',
      );
      expect(can(registrar, action, { businessId: OTHER })).toBe(registrarMay.includes(action));
      expect(can(staff, action, { businessId: OWN })).toBe(staffMay.includes(action));
      expect(can(manager, action, { businessId: OTHER })).toBe(false);
      expect(can(staff, action, { businessId: OTHER })).toBe(false);
      expect(can(authority, action, { businessId: OWN })).toBe(authorityMay.includes(action));
      expect(can(authority, action, { businessId: OTHER })).toBe(authorityMay.includes(action));
      expect(can(anyone, action, { businessId: OWN })).toBe(false);
    });
  }
});
