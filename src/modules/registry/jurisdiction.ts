import type { Officer } from '../../platform/auth/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { findCommune } from '../reference/index.ts';
import { errors } from './errors.ts';
import type { Actor, Address } from './types.ts';

/** The 2025 commune and province an address falls in: who may see and change the person. */
export interface Place {
  commune: string | null;
  province: string | null;
}

/**
 * Checks that the commune exists in the address's stated dataset version (DOMAIN §1) and finds its 2025
 * place. A pre-2025 commune maps to its 2025 successor; one split between several successors gets only a
 * province (visible to province officers until the address is updated).
 */
export async function resolveAddress(db: Db, address: Address): Promise<Place> {
  const unit = await findCommune(db, address.commune, address.version);
  if (!unit) {
    throw errors.unknown_commune({
      vi: `Không có xã, phường mã ${address.commune} trong bộ dữ liệu ${address.version}.`,
      en: `No commune ${address.commune} in the ${address.version} dataset.`,
    });
  }
  if (address.version === '2025') return { commune: unit.code, province: unit.provinceCode };
  const [first, ...others] = unit.successors;
  const provinces = new Set(unit.successors.map((s) => s.provinceCode));
  return {
    commune: first && others.length === 0 ? first.code : null,
    province: provinces.size === 1 ? (first?.provinceCode ?? null) : null,
  };
}

/** A commune officer acts within their commune, a province officer within the province. */
export function within(actor: Actor, place: Place): boolean {
  const j = actor.jurisdiction;
  return 'commune' in j ? place.commune === j.commune : place.province === j.province;
}

/** The audit log's actor notation (platform/audit: `officer:<id>`, `system:<client>`). */
export const actorRef = (actor: Actor) => `${actor.kind}:${actor.id}`;

/** Sensitive fields (ethnicity, religion) are opened only for roles that need them (Law 91/2025/QH15). */
export const maySeeSensitive = (actor: Actor) => actor.roles?.includes('sensitive') === true;

/** The registry's actor for a signed-in officer: their jurisdiction, and the sensitive-data role. */
export function actorOf(officer: Officer): Actor {
  const { level, code } = officer.jurisdiction;
  return {
    id: officer.id,
    kind: 'officer',
    jurisdiction: level === 'commune' ? { commune: code } : { province: code },
    roles: officer.roles.includes('registry.sensitive') ? ['sensitive'] : [],
  };
}
