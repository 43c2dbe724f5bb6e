import type { Sex } from '../personal-id.ts';
import type { MaritalStatus } from '../types.ts';
import { type Random, weighted } from './random.ts';

/**
 * The shape of a synthetic household before names and numbers: who lives together, their ages on the
 * reference date and how they are related. Sizes 1–7 with a mean near 3.5; couples with children,
 * three generations, single people and single parents; ages chosen so that parents were 19–31 at their
 * first child and spouses reached the legal age of marriage (Marriage and Family Law 2014 Art. 8: men 20,
 * women 18) before marrying.
 */
export interface Member {
  sex: Sex;
  age: number;
  relationToHead: string;
  maritalStatus: MaritalStatus;
  /** Index of the member whose surname this one carries (a child its father's); itself for its own. */
  surnameOf: number;
}

/** Relations as member indexes: child and parent; husband, wife and how many years before 2025 they married. */
export interface FamilyShape {
  members: Member[];
  parents: [child: number, parent: number][];
  marriages: [husband: number, wife: number, yearsAgo: number][];
}

const SIZE = weighted([
  [1, 10],
  [2, 18],
  [3, 22],
  [4, 26],
  [5, 13],
  [6, 7],
  [7, 4],
] as const);

// Husbands are mostly a few years older than their wives.
const SPOUSE_GAP = weighted([
  [-2, 4],
  [-1, 5],
  [0, 10],
  [1, 12],
  [2, 16],
  [3, 15],
  [4, 12],
  [5, 9],
  [6, 7],
  [7, 5],
  [9, 5],
] as const);

const MAX_AGE = 98;
const clampAge = (age: number) => Math.min(age, MAX_AGE);

class ShapeBuilder {
  readonly shape: FamilyShape = { members: [], parents: [], marriages: [] };
  add(member: Omit<Member, 'surnameOf'>, surnameOf?: number): number {
    const index = this.shape.members.length;
    this.shape.members.push({ ...member, surnameOf: surnameOf ?? index });
    return index;
  }
  /** A married couple; the husband's age is at least 21 years more than `eldestChildAge`, if any. */
  couple(random: Random, wifeAge: number, relation: [string, string], eldestChildAge?: number) {
    let husbandAge = wifeAge + SPOUSE_GAP(random);
    if (eldestChildAge !== undefined) husbandAge = Math.max(husbandAge, eldestChildAge + 21);
    husbandAge = clampAge(Math.max(husbandAge, 21));
    const husband = this.add({
      sex: 'male',
      age: husbandAge,
      relationToHead: relation[0],
      maritalStatus: 'married',
    });
    const wife = this.add({
      sex: 'female',
      age: wifeAge,
      relationToHead: relation[1],
      maritalStatus: 'married',
    });
    // Married once both were of age, usually within two years before the first child.
    const ofAge = Math.min(husbandAge - 20, wifeAge - 18) - 1;
    const yearsAgo = Math.max(0, Math.min(ofAge, (eldestChildAge ?? random.int(0, 8)) + random.int(0, 2)));
    this.shape.marriages.push([husband, wife, yearsAgo]);
    return { husband, wife };
  }
  children(random: Random, ages: number[], parents: number[], surnameOf: number, relation = 'con') {
    for (const age of ages) {
      const child = this.add(
        {
          sex: random.chance(0.512) ? 'male' : 'female',
          age,
          relationToHead: relation,
          maritalStatus: 'single',
        },
        surnameOf,
      );
      for (const parent of parents) this.shape.parents.push([child, parent]);
    }
  }
}

/** Ages of `count` siblings, youngest first, and the mother's age at the eldest's birth. */
function siblingAges(random: Random, count: number, youngest: number) {
  const ages = [youngest];
  for (let i = 1; i < count; i++) ages.push((ages[i - 1] as number) + random.int(2, 5));
  return { ages, motherAge: (ages[count - 1] as number) + random.int(19, 31) };
}

/** Children still living with their parents: mostly minors, some young adults. */
const youngestChild = (random: Random) => (random.chance(0.8) ? random.int(0, 15) : random.int(16, 24));

function single(random: Random, b: ShapeBuilder) {
  const elderly = random.chance(0.45);
  b.add({
    sex: random.chance(elderly ? 0.3 : 0.55) ? 'male' : 'female',
    age: elderly ? random.int(60, 95) : random.int(19, 45),
    relationToHead: 'head',
    maritalStatus: elderly
      ? random.chance(0.85)
        ? 'widowed'
        : 'single'
      : random.chance(0.15)
        ? 'divorced'
        : 'single',
  });
}

function singleParent(random: Random, b: ShapeBuilder, childCount: number) {
  const { ages, motherAge } = siblingAges(random, childCount, youngestChild(random));
  const mother = random.chance(0.75);
  const parent = b.add({
    sex: mother ? 'female' : 'male',
    age: clampAge(mother ? motherAge : motherAge + 3),
    relationToHead: 'head',
    maritalStatus: random.chance(0.5) ? 'widowed' : 'divorced',
  });
  // The children carry their absent father's surname: a separate draw, made by the namer for index 1.
  b.children(random, ages, [parent], mother ? parent + 1 : parent);
}

function couple(random: Random, b: ShapeBuilder, childCount: number) {
  if (childCount === 0) {
    const wifeAge = random.chance(0.6) ? random.int(55, 85) : random.int(20, 32);
    b.couple(random, wifeAge, ['head', 'vợ']);
    return;
  }
  const { ages, motherAge } = siblingAges(random, childCount, youngestChild(random));
  const { husband, wife } = b.couple(random, motherAge, ['head', 'vợ'], ages[childCount - 1]);
  b.children(random, ages, [husband, wife], husband);
}

/** Grandparents (the head's parents), the head's couple and their children. */
function threeGenerations(random: Random, b: ShapeBuilder, grandparents: number, childCount: number) {
  const youngest = childCount > 0 ? random.int(0, 10) : 0;
  const { ages, motherAge } = siblingAges(random, Math.max(childCount, 1), youngest);
  const { husband, wife } = b.couple(
    random,
    motherAge,
    ['head', 'vợ'],
    childCount > 0 ? ages.at(-1) : undefined,
  );
  const husbandAge = b.shape.members[husband]?.age as number;
  const grandfatherAge = clampAge(husbandAge + random.int(22, 35));
  // The grandmother was at least 19 at her son's birth, so she married of age before it (see couple()).
  const grandmotherAge = clampAge(Math.max(husbandAge + 19, grandfatherAge - random.int(0, 5)));
  const elders: number[] = [];
  if (grandparents === 2) {
    const { husband: gf, wife: gm } = b.couple(random, grandmotherAge, ['bố', 'mẹ'], husbandAge);
    b.shape.members[husband] = { ...(b.shape.members[husband] as Member), surnameOf: gf };
    elders.push(gf, gm);
  } else {
    const grandmother = random.chance(0.7);
    const elder = b.add({
      sex: grandmother ? 'female' : 'male',
      age: grandmother ? grandmotherAge : grandfatherAge,
      relationToHead: grandmother ? 'mẹ' : 'bố',
      maritalStatus: 'widowed',
    });
    if (!grandmother)
      b.shape.members[husband] = { ...(b.shape.members[husband] as Member), surnameOf: elder };
    elders.push(elder);
  }
  for (const elder of elders) b.shape.parents.push([husband, elder]);
  if (childCount > 0) b.children(random, ages, [husband, wife], husband);
}

export function sampleFamily(random: Random): FamilyShape {
  const b = new ShapeBuilder();
  const size = SIZE(random);
  if (size === 1) single(random, b);
  else if (size >= 5 || random.chance(0.15)) {
    const grandparents = size >= 4 && random.chance(0.55) ? 2 : 1;
    threeGenerations(random, b, grandparents, size - 2 - grandparents);
  } else if (random.chance(size === 2 ? 0.4 : 0.1)) singleParent(random, b, size - 1);
  else couple(random, b, size - 2);
  return b.shape;
}
