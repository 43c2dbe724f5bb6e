import type { Officer, Role } from '../../platform/auth/index.ts';
import type { Action } from './lifecycle.ts';

/**
 * Who may see and act on a dossier (ARCHITECTURE §5, §8.7). A citizen sees their own dossiers (they are the
 * applicant). An officer sees a dossier when it is their agency's (officer with an agency), one of their
 * commune's agencies' (commune officer without one) or any (province officer without one), and has a
 * one-stop role; anyone else is answered "not found". Within scope, each action needs its role.
 */
export type Actor =
  | { kind: 'citizen'; accountId: string; personalId: string; phone: string | null }
  | { kind: 'officer'; officer: Officer };

export const actorRef = (a: Actor) =>
  a.kind === 'citizen' ? `account:${a.accountId}` : `officer:${a.officer.id}`;

export const DOSSIER_ROLES: readonly Role[] = ['dossiers.receive', 'dossiers.process', 'dossiers.approve'];

/** The role an officer action needs (Decree 61/2018: reception and return at the one-stop, handling, approval). */
export const ACTION_ROLE: Partial<Record<Action, Role>> = {
  receive: 'dossiers.receive',
  refuse_intake: 'dossiers.receive',
  return_result: 'dossiers.receive',
  assign: 'dossiers.process',
  forward: 'dossiers.process',
  request_supplement: 'dossiers.process',
  request_payment: 'dossiers.process',
  record_payment: 'dossiers.receive',
  stop: 'dossiers.process',
  apologise: 'dossiers.process',
  approve: 'dossiers.approve',
  // At the counter the officer records the applicant's supplement for them (in-person dossiers only).
  supplement: 'dossiers.receive',
};

export interface Scope {
  agency?: string;
  commune?: string;
  /** Province officer without an agency: every dossier of the province. */
  all?: true;
}

export function scopeOf(officer: Officer): Scope | undefined {
  if (!officer.roles.some((r) => DOSSIER_ROLES.includes(r))) return undefined;
  if (officer.agency) return { agency: officer.agency };
  if (officer.jurisdiction.level === 'commune') return { commune: officer.jurisdiction.code };
  return { all: true };
}

export function inScope(
  officer: Officer,
  d: { agency_code: string; agency_commune: string | null },
): boolean {
  const scope = scopeOf(officer);
  if (!scope) return false;
  if (scope.all) return true;
  if (scope.agency) return d.agency_code === scope.agency;
  return d.agency_commune !== null && d.agency_commune === scope.commune;
}

export function maySee(
  actor: Actor,
  d: { applicant_personal_id: string; agency_code: string; agency_commune: string | null; status: string },
) {
  if (actor.kind === 'citizen') return d.applicant_personal_id === actor.personalId;
  // A draft is the citizen's own until submitted: no officer sees it.
  return d.status !== 'draft' && inScope(actor.officer, d);
}

/** Whether the actor, by who they are, may take the action (the status is checked separately). */
export function mayTake(
  actor: Actor,
  action: Action,
  d: { channel: string; workflowRole: Role | undefined },
): boolean {
  if (actor.kind === 'citizen') return ['submit', 'supplement', 'withdraw', 'rate'].includes(action);
  if (action === 'submit' || action === 'withdraw' || action === 'rate') return false;
  if (action === 'supplement' && d.channel === 'online') return false;
  // Forwarding completes the current workflow step: it needs that step's role.
  const role = action === 'forward' ? (d.workflowRole ?? ACTION_ROLE.forward) : ACTION_ROLE[action];
  return role !== undefined && actor.officer.roles.includes(role);
}
