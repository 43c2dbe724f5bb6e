import { Type } from 'typebox';

/** TypeBox schemas of the catalogue's HTTP API (validation and OpenAPI from one source). */

export const ProcedureCode = Type.String({ pattern: '^[0-9]\\.[0-9]{6}$', examples: ['1.001193'] });
export const AgencyCode = Type.String({
  pattern: '^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$',
  description: 'QCVN 102 code',
  examples: ['000.00.02.H56'],
});
const Level = Type.Union([Type.Literal('province'), Type.Literal('commune')]);
const Uuid = Type.String({ format: 'uuid' });
const Line = (max = 500) => Type.String({ maxLength: max });
const AnyObject = Type.Object({}, { additionalProperties: true });

export const AgencySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Level,
  communeCode: Type.Union([Type.String(), Type.Null()]),
});

const Channel = Type.Object(
  {
    channel: Type.Union([Type.Literal('in_person'), Type.Literal('online'), Type.Literal('post')], {
      description: 'National channel codes 1, 2, 3',
    }),
    timeLimit: Type.Object(
      {
        amount: Type.Number({ exclusiveMinimum: 0, maximum: 3650 }),
        unit: Type.Union([Type.Literal('working_days'), Type.Literal('days'), Type.Literal('hours')]),
      },
      { additionalProperties: false },
    ),
    fee: Type.Union([
      Type.Object(
        {
          amount: Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'VND' }),
          note: Line(1000),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

const ComponentItem = Type.Object(
  {
    key: Type.String({ maxLength: 63 }),
    name: Type.String({ minLength: 1, maxLength: 1000 }),
    originals: Type.Integer({ minimum: 0, maximum: 20 }),
    copies: Type.Integer({ minimum: 0, maximum: 20 }),
    required: Type.Boolean(),
    accept: Type.Array(Type.String({ pattern: '^[a-z]+/[a-z0-9.+-]+$' }), { maxItems: 20 }),
    maxBytes: Type.Integer({ minimum: 1 }),
    template: Type.Optional(Line()),
  },
  { additionalProperties: false },
);

const WorkflowStep = Type.Object(
  {
    key: Type.String({ maxLength: 63 }),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    role: Type.Union([
      Type.Literal('dossiers.receive'),
      Type.Literal('dossiers.process'),
      Type.Literal('dossiers.approve'),
    ]),
    share: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'Part of the time limit; shares sum to 1',
    }),
  },
  { additionalProperties: false },
);

/** Everything an administrator edits in a version (the national record's fields, the form, the workflow). */
export const ContentSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 500 }),
    nameEn: Type.String({ maxLength: 500 }),
    level: Level,
    field: Type.String({ minLength: 1, maxLength: 200 }),
    applicantTypes: Type.Array(
      Type.Union([Type.Literal('citizen'), Type.Literal('enterprise'), Type.Literal('household_business')]),
      { maxItems: 3, uniqueItems: true },
    ),
    agencyCode: Type.Union([AgencyCode, Type.Null()]),
    competentAgency: Type.String({ maxLength: 500 }),
    steps: Type.Array(Line(2000), { maxItems: 30 }),
    channels: Type.Array(Channel, { maxItems: 3 }),
    onlineLevel: Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Null()]),
    components: Type.Array(
      Type.Object(
        { case: Type.String({ maxLength: 500 }), items: Type.Array(ComponentItem, { maxItems: 40 }) },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
    form: Type.Object(
      {
        schema: Type.Object(
          {},
          { additionalProperties: true, description: 'JSON Schema 2020-12; fields may carry x-prefill' },
        ),
        ui: Type.Object(
          {},
          { additionalProperties: true, description: 'order, widgets, help, readonlyWhenPrefilled' },
        ),
      },
      { additionalProperties: false },
    ),
    workflow: Type.Array(WorkflowStep, { maxItems: 20 }),
    result: Type.String({ maxLength: 1000 }),
    legalBasis: Type.Array(Line(), { maxItems: 40 }),
    conditions: Type.Array(Line(2000), { maxItems: 30 }),
    keywords: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 30 }),
  },
  { additionalProperties: false },
);

/** The same fields in answers (no length checks: they were checked on the way in). */
const contentFields = {
  name: Type.String(),
  nameEn: Type.String(),
  level: Level,
  field: Type.String(),
  applicantTypes: Type.Array(Type.String()),
  agencyCode: Type.Union([Type.String(), Type.Null()]),
  competentAgency: Type.String(),
  steps: Type.Array(Type.String()),
  channels: Type.Array(Channel),
  onlineLevel: Type.Union([Type.String(), Type.Null()]),
  components: Type.Array(Type.Object({ case: Type.String(), items: Type.Array(ComponentItem) })),
  form: Type.Object({ schema: AnyObject, ui: AnyObject }),
  workflow: Type.Array(WorkflowStep),
  result: Type.String(),
  legalBasis: Type.Array(Type.String()),
  conditions: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
};

export const VersionSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  localCode: Type.String({
    description: 'National code with the provincial People’s Committee code appended',
  }),
  version: Type.Integer(),
  ...contentFields,
  publishedAt: Type.String(),
});

/** A published procedure as the portal shows it: the version and its implementing agency's name. */
export const ProcedurePage = Type.Intersect([
  VersionSchema,
  Type.Object({
    agency: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()], {
      description:
        'Province-level: the implementing agency; commune-level: null (the chosen commune’s committee)',
    }),
  }),
]);

export const DraftSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  version: Type.Integer(),
  ...contentFields,
  updatedAt: Type.String(),
});

export const ProcedureSummary = Type.Object({
  code: Type.String(),
  localCode: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  level: Level,
  field: Type.String(),
  applicantTypes: Type.Array(Type.String()),
  agency: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  onlineLevel: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Array(Channel),
});

export const SearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Words of the name or keywords; tone marks optional' }),
  ),
  level: Type.Optional(Level),
  field: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
});

export const AgencyQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  level: Type.Optional(Level),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
});

export const CatalogueEntry = Type.Object({
  code: Type.String(),
  published: Type.Union([
    Type.Object({
      id: Type.String(),
      version: Type.Integer(),
      name: Type.String(),
      level: Level,
      field: Type.String(),
      publishedAt: Type.String(),
    }),
    Type.Null(),
  ]),
  draft: Type.Union([
    Type.Object({
      id: Type.String(),
      version: Type.Integer(),
      name: Type.String(),
      level: Level,
      field: Type.String(),
      updatedAt: Type.String(),
    }),
    Type.Null(),
  ]),
});

export const VersionEntry = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  name: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String({ description: 'Officer name, or "platform" for the initial catalogue' }),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  publishedBy: Type.Union([Type.String(), Type.Null()]),
});

export const ValidationResult = Type.Object({
  valid: Type.Boolean(),
  errors: Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() })),
});

export { Uuid };
