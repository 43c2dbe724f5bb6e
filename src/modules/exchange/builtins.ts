import type { PendingAudit } from '../../platform/audit/index.ts';
import type { Platform } from '../../platform/context.ts';
import { findCommune } from '../reference/index.ts';
import { type Actor, createRegistry } from '../registry/index.ts';
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

const PERSONAL_ID = /^[0-9]{12}$/;

function json(call: BuiltinCall): Record<string, unknown> {
  if (call.method !== 'POST') throw errors.invalid_request('Use POST with a JSON body.');
  try {
    const value = JSON.parse(call.body.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw errors.invalid_request('The body must be a JSON object.');
}

function personalIdOf(body: Record<string, unknown>) {
  const id = body.personalId;
  if (typeof id !== 'string' || !PERSONAL_ID.test(id))
    throw errors.invalid_request('personalId must be a 12-digit personal ID.');
  return id;
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
      const body = json(call);
      const personalId = personalIdOf(body);
      const claimed: { fullName?: string; birthDate?: string; sex?: 'male' | 'female' } = {};
      if (typeof body.fullName === 'string' && body.fullName.length <= 200) claimed.fullName = body.fullName;
      if (typeof body.birthDate === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(body.birthDate))
        claimed.birthDate = body.birthDate;
      if (body.sex === 'male' || body.sex === 'female') claimed.sex = body.sex;
      if (Object.keys(claimed).length === 0)
        throw errors.invalid_request('Claim at least one of fullName, birthDate (YYYY[-MM[-DD]]), sex.');
      const { result: check, audit } = await registry.verifyAttributesUnreleased(
        actorOf(call),
        personalId,
        claimed,
        call.purpose ?? call.right.purpose,
      );
      return { body: check.found ? check : { found: false }, subject: personalId, audit };
    },

    async 'citizen-data'(call) {
      const body = json(call);
      const personalId = personalIdOf(body);
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
