import type { Sex } from '../personal-id.ts';

/**
 * Personal IDs `PPP G YY RRRRRR` (DOMAIN §2) that are unique without any lookup: for each prefix, century ×
 * sex digit and birth year a counter numbers the people, and a bijection of [0, 10⁶) turns the counter into
 * the six "random" digits, so two people never get the same number. The seed picks one of SEED_SLOTS
 * disjoint slices of the counter space, so runs with different seeds do not collide unless their seeds
 * agree modulo SEED_SLOTS (the loader then skips the households whose IDs are taken).
 */
export const SEED_SLOTS = 16;
const SPACE = 1_000_000;
const SLOT_SIZE = SPACE / SEED_SLOTS;
// Coprime with 10⁶ (neither even nor a multiple of 5), so x ↦ (A·x + B) mod 10⁶ is a bijection for any B;
// B varies with the bucket so that the n-th people of different buckets do not share their digits.
const A = 738_457;
const offset = (bucket: string) => (Number(bucket) * 2_654_435_761) % SPACE;

/** The century × sex digit: 0/1 for men/women born 1900–1999, 2/3 for 2000–2099. */
export function centurySexDigit(sex: Sex, birthYear: number): number {
  return 2 * (Math.floor(birthYear / 100) - 19) + (sex === 'female' ? 1 : 0);
}

export function createIdAllocator(seed: number) {
  const base = (seed % SEED_SLOTS) * SLOT_SIZE;
  const counters = new Map<string, number>();
  return (prefix: string, sex: Sex, birthYear: number): string => {
    const bucket = `${prefix}${centurySexDigit(sex, birthYear)}${String(birthYear % 100).padStart(2, '0')}`;
    const n = counters.get(bucket) ?? 0;
    if (n >= SLOT_SIZE) throw new Error(`More than ${SLOT_SIZE} synthetic people in bucket ${bucket}.`);
    counters.set(bucket, n + 1);
    return bucket + String((A * (base + n) + offset(bucket)) % SPACE).padStart(6, '0');
  };
}
