import { Type } from 'typebox';

/** JSON shapes of the registry API (OpenAPI); the presenters in presenters.ts produce them. */
const PersonalId = Type.String({ pattern: '^[0-9]{12}$', examples: ['038199000123'] });
const CivilDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', examples: ['2026-11-26'] });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Address = Type.Object({
  version: Type.Union([Type.Literal('2025'), Type.Literal('pre2025')]),
  commune: Type.String({ pattern: '^[0-9]{5}$' }),
  street: Nullable(Type.String({ maxLength: 200 })),
});

export const Summary = Type.Object({
  personalId: PersonalId,
  fullName: Type.String(),
  birthDate: Type.String({
    description: 'YYYY, YYYY-MM or YYYY-MM-DD: old records may know only part of it',
  }),
  sex: Type.Union([Type.Literal('male'), Type.Literal('female')]),
  currentAddress: Address,
  lifeStatus: Type.Union([Type.Literal('alive'), Type.Literal('deceased'), Type.Literal('missing')]),
});

export const Resident = Type.Intersect([
  Summary,
  Type.Object({
    otherNames: Type.Array(Type.String()),
    birthDatePrecision: Type.String(),
    ethnicity: Type.Optional(
      Nullable(Type.String({ description: 'Only for officers with registry.sensitive' })),
    ),
    religion: Type.Optional(
      Nullable(Type.String({ description: 'Only for officers with registry.sensitive' })),
    ),
    nationality: Type.String(),
    placeOfBirth: Nullable(Type.String()),
    birthRegistrationPlace: Nullable(Address),
    hometown: Nullable(Address),
    permanentAddress: Nullable(Address),
    temporaryAddress: Nullable(Address),
    deathDate: Nullable(Type.String()),
    maritalStatus: Type.String(),
    idCard: Nullable(
      Type.Object({ issuedOn: Type.String(), expiresOn: Nullable(Type.String()), authority: Type.String() }),
    ),
    householdId: Nullable(Type.String()),
    householdNumber: Type.Optional(
      Nullable(Type.String({ description: 'Use it with GET /households/{number}' })),
    ),
    version: Type.Optional(
      Type.Integer({ description: 'Current record only: send it back as expectedVersion with a change' }),
    ),
    asOf: Type.Optional(Type.String({ description: 'Set when the record is shown as it was on that date' })),
    family: Type.Optional(
      Type.Array(
        Type.Object({
          personalId: PersonalId,
          fullName: Nullable(
            Type.String({ description: 'Null when the relative is outside the officer’s jurisdiction' }),
          ),
          lifeStatus: Nullable(Type.String()),
          kind: Type.String(),
          from: Nullable(Type.String()),
          to: Nullable(Type.String()),
        }),
      ),
    ),
  }),
]);

export const Event = Type.Object({
  id: Type.String(),
  type: Type.String(),
  effectiveDate: Type.String(),
  recordedAt: Type.String(),
  legalBasis: Type.String(),
  reason: Nullable(Type.String()),
  actor: Type.String({ description: '`officer:<id>`, `system:<name>` or `cli`' }),
  actorName: Nullable(Type.String({ description: 'The officer’s display name, for officer actors' })),
  relatedPerson: Nullable(Type.String()),
  changed: Type.Array(Type.String()),
  changes: Type.Record(Type.String(), Type.Unknown()),
});

export const Household = Type.Object({
  id: Type.String(),
  householdNumber: Type.String(),
  headPersonalId: PersonalId,
  address: Address,
  dissolvedOn: Type.Optional(
    Nullable(Type.String({ description: 'Set when the household was merged into another' })),
  ),
  members: Type.Array(
    Type.Intersect([Summary, Type.Object({ relationToHead: Type.String(), since: Nullable(Type.String()) })]),
  ),
});

export const Purpose = Type.String({
  minLength: 10,
  maxLength: 300,
  description: 'Why the data is read (recorded in the audit log with every person returned)',
});

const Meta = {
  effectiveDate: CivilDate,
  legalBasis: Type.String({ minLength: 3, maxLength: 300 }),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  expectedVersion: Type.Integer({ minimum: 1 }),
};

export const ResidenceBody = Type.Object(
  {
    currentAddress: Type.Optional(Address),
    permanentAddress: Type.Optional(Nullable(Address)),
    temporaryAddress: Type.Optional(Nullable(Address)),
    ...Meta,
  },
  { additionalProperties: false },
);

export const DeathBody = Type.Object(Meta, { additionalProperties: false });

export const CorrectionBody = Type.Object(
  {
    changes: Type.Object(
      {
        fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        otherNames: Type.Optional(
          Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10 }),
        ),
        placeOfBirth: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
        nationality: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        ethnicity: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
        religion: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
    ...Meta,
    reason: Type.String({ minLength: 3, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

const HouseholdNumber = Type.String({ minLength: 1, maxLength: 40 });
const Members = Type.Array(
  Type.Object(
    {
      personalId: PersonalId,
      relationToHead: Type.String({ minLength: 1, maxLength: 50, examples: ['vợ', 'con'] }),
    },
    { additionalProperties: false },
  ),
  { maxItems: 50 },
);
const HouseholdMeta = {
  effectiveDate: CivilDate,
  legalBasis: Meta.legalBasis,
  reason: Meta.reason,
};

/** Tách hộ (Law on Residence 2020 Art. 25): members leave to form a new household with its own head. */
export const SplitBody = Type.Object(
  {
    householdNumber: { ...HouseholdNumber, description: 'Number of the new household' },
    headPersonalId: PersonalId,
    address: Address,
    members: { ...Members, description: 'Who else leaves with the new head, and their relation to them' },
    ...HouseholdMeta,
  },
  { additionalProperties: false },
);

/** Nhập hộ: every living member of another household joins this one, which keeps its head and number. */
export const MergeBody = Type.Object(
  {
    fromHouseholdNumber: { ...HouseholdNumber, description: 'The household merged into this one' },
    members: {
      ...Members,
      description: 'Every living member of that household, with their relation to this household’s head',
    },
    ...HouseholdMeta,
  },
  { additionalProperties: false },
);

/** The answer of a bulk import: the summary and every rejected row with its reasons. */
export const ImportReport = Type.Object({
  fileName: Type.String(),
  rows: Type.Integer({ description: 'Rows read (header not counted)' }),
  imported: Type.Integer({ description: 'People added' }),
  unchanged: Type.Integer({ description: 'People already in the registry with the same data' }),
  rejectedRows: Type.Integer(),
  rejected: Type.Array(
    Type.Object({
      line: Type.Integer({ description: 'Line in the file (the header is line 1)' }),
      personalId: Type.String({ description: 'As written in the file' }),
      reasons: Type.Array(
        Type.Object({
          code: Type.String({ description: 'Stable: registry error codes and registry.import.*' }),
          title: Type.String({ description: 'In the language of Accept-Language' }),
          detail: Type.String(),
        }),
      ),
    }),
  ),
});

export { CivilDate, PersonalId };
