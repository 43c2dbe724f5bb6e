import type { Db } from '../../../platform/db/index.ts';
import { type Place, resolveAddress } from '../jurisdiction.ts';
import type { Address } from '../types.ts';

/**
 * The communes of each dataset version, looked up once each through the reference module and kept in
 * memory: a province file names a few hundred communes, so a million rows cost a few hundred queries.
 * Undefined for a commune that does not exist in the stated version (DOMAIN §1).
 */
export function createCommuneLookup(db: Db) {
  const known = new Map<string, Promise<Place | undefined>>();
  return (address: Address): Promise<Place | undefined> => {
    const key = `${address.version}:${address.commune}`;
    let place = known.get(key);
    if (!place) {
      place = resolveAddress(db, address).catch((error: { code?: string }) => {
        if (error.code === 'registry.unknown_commune') return undefined;
        throw error;
      });
      known.set(key, place);
    }
    return place;
  };
}

export type CommuneLookup = ReturnType<typeof createCommuneLookup>;
