import type { PendingAudit } from '../../platform/audit/index.ts';
import type { Platform } from '../../platform/context.ts';
import { findCommune } from '../reference/index.ts';
import { type Actor, createRegistry } from '../registry/index.ts';
import { CLAIMS, parseDataRequest, parseVerification } from './builtin-api.ts';
import type { Builtin, RightRow, ServiceRow, SystemRow } from './catalogue.ts';
import { activeConsent } from './consents.ts';
import { errors } from './errors.ts';

export interface BuiltinCall {
  consumer: SystemRow;
  right: RightRow;
  service: ServiceRow;
  purpose: string | null;
  method: string;
  path: string;
  body: Buffer;
  requestId: string;
}
/** `audit`: rows about the person that the gateway commits with the message-log record, before answering. */
export type BuiltinAnswer = { body: unknown; subject?: string; audit?: PendingAudit };
export type Builtins = Record<Builtin, (call: BuiltinCall) => Promise<BuiltinAnswer>>;

/** A built-in service about persons takes a JSON body by POST. */
function posted(call: BuiltinCall): Buffer {
  if (call.method !== 'POST') throw errors.invalid_request('Use POST with a JSON body.');
  return call.body;
}

/**
 * The platform's own services, answered in-process behind the same gateway, rights and log. The caller
 * acts on the registry as a system of the province; the registry audits each read with the calling
 * system and purpose, so the person sees it in "who accessed my data". Those audit rows are committed by
 * the gateway in the same statement as the message-log record: one commit, not two in turn.
 */
export function createBuiltins(platform: Platform): Builtins {
  const registry = createRegistry(platform);
  const actorOf = (call: BuiltinCall): Actor => ({
    id: `${call.consumer.member_code}/${call.consumer.code}`,
    kind: 'system',
    jurisdiction: { province: platform.config.provinceCode },
  });

  return {
    async 'citizen-verification'(call) {
      const { personalId, ...claimed } = parseVerification(posted(call));
      if (!CLAIMS.some((claim) => claimed[claim] !== undefined))
        throw errors.invalid_request(`Claim at least one of ${CLAIMS.join(', ')}.`);
      const { result: check, audit } = await registry.verifyAttributesUnreleased(
        actorOf(call),
        personalId,
        claimed,
        call.purpose ?? call.right.purpose,
      );
      return { body: check.found ? check : { found: false }, subject: personalId, audit };
    },

    async 'citizen-data'(call) {
      const { personalId } = parseDataRequest(posted(call));
      // Law 91/2025/QH15 Art. 9: retrieval for this consumer needs the person's valid consent.
      if (call.service.requires_consent && !(await activeConsent(platform, personalId, call.consumer.id)))
        throw errors.consent_required(
          `${call.consumer.member_code}/${call.consumer.code} has no valid consent from this person.`,
        );
      const { result, audit } = await registry.getResidentUnreleased(
        actorOf(call),
        personalId,
        call.purpose ?? call.right.purpose,
      );
      const resident = result as Record<string, unknown>;
      const allowed: Record<string, unknown> = { personalId };
      for (const attribute of call.right.attributes) allowed[attribute] = resident[attribute] ?? null;
      return { body: allowed, subject: personalId, audit };
    },

    async events() {
      throw errors.invalid_request('Subscribe to events at POST /api/v1/exchange/subscriptions.');
    },

    async 'admin-units'(call) {
      const code = call.path.replace(/^\/+/, '');
      if (call.method !== 'GET' || !/^[0-9]{5}$/.test(code))
        throw errors.invalid_request('GET /{commune code} (5 digits, 2025 units).');
      const commune = await findCommune(platform.db, code, '2025');
      if (!commune) throw errors.not_found(`No commune ${code}.`);
      return { body: commune };
    },
  };
}
