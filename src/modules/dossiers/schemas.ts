import { Type } from 'typebox';
import { ACTIONS, STATUSES } from './lifecycle.ts';
import { RECEIPT_PATTERN } from './receipt.ts';

/** TypeBox schemas of the dossiers API: shared by the routes, the OpenAPI document and the web app (W). */
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const Text = Type.Object({ vi: Type.String(), en: Type.String() });
const Open = Type.Record(Type.String(), Type.Unknown());
export const CivilDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', examples: ['2026-02-25'] });

export const StatusSchema = Type.Union(STATUSES.map((s) => Type.Literal(s)));
export const ActionSchema = Type.Union(ACTIONS.map((a) => Type.Literal(a)));
export const ChannelSchema = Type.Union([
  Type.Literal('in_person'),
  Type.Literal('online'),
  Type.Literal('post'),
]);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const DocParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  docId: Type.String({ format: 'uuid' }),
});
export const ReceiptParams = Type.Object({
  receiptCode: Type.String({ pattern: RECEIPT_PATTERN, examples: ['000.00.00.H56-260225-0001'] }),
});
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 200,
      pattern: '^[A-Za-z0-9._:-]+$',
      description:
        'Any unique string (e.g. a UUID): a repeated request with the same key within 24 hours returns the first answer.',
    }),
  ),
});

export const DocumentSchema = Type.Object({
  id: Type.String(),
  component: Type.String(),
  fileName: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
});

export const TimelineEntry = Type.Object({
  at: Type.String(),
  action: Type.String(),
  status: StatusSchema,
  actor: Type.Object({
    kind: Type.Union([Type.Literal('citizen'), Type.Literal('officer'), Type.Literal('system')]),
    name: Nullable(Type.String()),
  }),
  note: Nullable(Type.String()),
});

export const DossierDetail = Type.Object({
  id: Type.String(),
  receiptCode: Nullable(Type.String()),
  status: StatusSchema,
  statusCode: Type.Integer({ description: 'National portal status code (1–10; 0 draft)' }),
  statusText: Text,
  channel: ChannelSchema,
  procedure: Type.Object({
    id: Type.String(),
    code: Type.String(),
    version: Type.Integer(),
    name: Type.String(),
  }),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  communeCode: Nullable(Type.String()),
  applicant: Type.Object({ personalId: Type.String(), fullName: Type.String() }),
  form: Type.Object({ schema: Open, ui: Open }),
  components: Type.Array(Open),
  data: Open,
  prefilled: Type.Record(Type.String(), Type.String(), {
    description: 'Field → prefill source: these fields are kept as the registry (or e-ID) says',
  }),
  documents: Type.Array(DocumentSchema),
  fee: Nullable(Type.Object({ amount: Type.Integer(), note: Type.String() })),
  payment: Nullable(
    Type.Object({ amount: Type.Integer(), paidOnline: Type.Boolean(), paidAt: Nullable(Type.String()) }),
  ),
  timeLimit: Type.Object({ amount: Type.Number(), unit: Type.String() }),
  submittedAt: Nullable(Type.String()),
  receivedOn: Nullable(CivilDate),
  dueOn: Nullable(CivilDate),
  dueSoon: Type.Boolean(),
  overdue: Type.Boolean(),
  paused: Type.Boolean({ description: 'Waiting for the applicant’s supplement: the clock stands' }),
  workflow: Type.Object({
    steps: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), role: Type.String() })),
    current: Nullable(Type.String()),
  }),
  handlerId: Nullable(Type.String()),
  handlerName: Nullable(Type.String({ description: 'The handler as named when assigned' })),
  timeline: Type.Array(TimelineEntry),
  allowedActions: Type.Array(ActionSchema, {
    description: 'What this caller may do now (ALLOWED table narrowed by facts and roles)',
  }),
  result: Nullable(Type.Object({ documentId: Type.String(), verifyUrl: Type.String() })),
  rating: Nullable(
    Type.Object({ satisfied: Type.Boolean(), comment: Nullable(Type.String()), at: Nullable(Type.String()) }),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const DossierListItem = Type.Object({
  id: Type.String(),
  receiptCode: Nullable(Type.String()),
  status: StatusSchema,
  statusCode: Type.Integer(),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  applicantName: Type.String(),
  channel: ChannelSchema,
  handlerId: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  dueOn: Nullable(CivilDate),
  dueSoon: Type.Boolean(),
  overdue: Type.Boolean(),
  supplementCount: Type.Integer(),
});

export const CreateDraftBody = Type.Object(
  {
    procedureCode: Type.String({ minLength: 1, maxLength: 40, examples: ['1.001193'] }),
    communeCode: Type.Optional(
      Type.String({
        pattern: '^[0-9]{5}$',
        description:
          '2025 commune code to file with; default for a commune-level procedure: where the applicant lives',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SaveBody = Type.Object({ data: Open }, { additionalProperties: false });
export const SupplementBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export const WithdrawBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export const RatingBody = Type.Object(
  { satisfied: Type.Boolean(), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const OfficerActionBody = Type.Object(
  {
    action: ActionSchema,
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    handlerId: Type.Optional(Type.String({ format: 'uuid' })),
    amount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'VND' })),
    method: Type.Optional(Type.Union([Type.Literal('counter'), Type.Literal('online')])),
    newDueOn: Type.Optional(CivilDate),
  },
  { additionalProperties: false },
);

export const CounterIntakeBody = Type.Object(
  {
    procedureCode: Type.String({ minLength: 1, maxLength: 40 }),
    personalId: Type.String({ pattern: '^[0-9]{12}$' }),
    communeCode: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
    channel: Type.Optional(Type.Union([Type.Literal('in_person'), Type.Literal('post')])),
    data: Type.Optional(Open),
  },
  { additionalProperties: false },
);

export const QueueQuery = Type.Object({
  view: Type.Optional(
    Type.Union([Type.Literal('intake'), Type.Literal('mine'), Type.Literal('all')], { default: 'all' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const PublicStatus = Type.Object({
  receiptCode: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  status: StatusSchema,
  statusCode: Type.Integer(),
  statusText: Text,
  receivedOn: Nullable(CivilDate),
  dueOn: Nullable(CivilDate),
  overdue: Type.Boolean(),
  finishedOn: Nullable(CivilDate),
  returnedOn: Nullable(CivilDate),
});

export const Notice = Type.Object({
  id: Type.String(),
  dossierId: Type.String(),
  status: Type.String(),
  text: Text,
  at: Type.String(),
});

/** 409 dossiers.action_not_allowed: the problem with the actions the caller may take instead. */
export const ActionNotAllowedProblem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  code: Type.String(),
  requestId: Type.String(),
  allowed: Type.Optional(Type.Array(ActionSchema)),
  errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
});

export const HandlerList = Type.Array(
  Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  {
    description:
      'Enabled officers of the dossier’s agency (or commune) with the role dossiers.process, by name',
  },
);

const FeedbackKind = Type.Union([Type.Literal('complaint'), Type.Literal('suggestion')], {
  description: 'complaint (phản ánh) or suggestion (kiến nghị)',
});

export const FeedbackBody = Type.Object(
  { kind: FeedbackKind, text: Type.String({ minLength: 10, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const FeedbackAnswerBody = Type.Object(
  { answer: Type.String({ minLength: 10, maxLength: 4000 }) },
  { additionalProperties: false },
);

export const FeedbackQuery = Type.Object({
  view: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('answered')], { default: 'open' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const FeedbackSchema = Type.Object({
  id: Type.String(),
  dossierId: Type.String(),
  receiptCode: Nullable(Type.String()),
  procedureName: Type.String(),
  kind: FeedbackKind,
  text: Type.String(),
  receivedOn: CivilDate,
  dueOn: CivilDate,
  overdue: Type.Boolean({ description: 'Not answered by the due date (or answered after it)' }),
  answer: Nullable(Type.Object({ text: Type.String(), at: Type.String(), by: Nullable(Type.String()) })),
  createdAt: Type.String(),
});

export const FromStoreBody = Type.Object(
  {
    component: Type.String({ minLength: 1, maxLength: 100 }),
    documentId: Type.String({ format: 'uuid', description: 'A document of GET /api/v1/me/documents' }),
  },
  { additionalProperties: false },
);
