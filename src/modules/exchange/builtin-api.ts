import { Ajv2020 } from 'ajv/dist/2020.js';
import { type Static, type TSchema, Type } from 'typebox';
import { fieldErrors, problemSchema } from '../../platform/http/problem.ts';
import { AdminUnitVersionSchema, CommuneDetailSchema } from '../reference/index.ts';
import { BUILTINS, type Builtin, PLATFORM_MEMBER, PLATFORM_SYSTEM, type RETRIEVABLE } from './catalogue.ts';
import { errors } from './errors.ts';

/**
 * What the built-in services take and give, as JSON Schemas: the gateway validates bodies with them and
 * the directory publishes them as each service's OpenAPI document, so the two cannot drift apart.
 */
const PersonalId = Type.String({
  pattern: '^[0-9]{12}$',
  description: 'Số định danh cá nhân: the 12-digit personal ID',
  examples: ['038171004321'],
});

const ClaimedAddress = Type.Object(
  {
    commune: Type.String({ pattern: '^[0-9]{5}$', description: 'Commune code in the dataset `version`' }),
    version: Type.Optional(AdminUnitVersionSchema),
    street: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'House number, street, hamlet: compared without regard to case, tones or punctuation',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'Matches when the commune is the recorded one (a pre-2025 commune matches each 2025 commune it became part of) and, if given, the street too',
  },
);

export const CLAIMS = [
  'fullName',
  'birthDate',
  'sex',
  'permanentAddress',
  'temporaryAddress',
  'currentAddress',
] as const;

export const VerificationRequest = Type.Object(
  {
    personalId: PersonalId,
    fullName: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Compared without regard to case or Unicode form',
      }),
    ),
    birthDate: Type.Optional(
      Type.String({
        pattern: '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$',
        description: 'YYYY, YYYY-MM or YYYY-MM-DD',
      }),
    ),
    sex: Type.Optional(Type.Union([Type.Literal('male'), Type.Literal('female')])),
    permanentAddress: Type.Optional(ClaimedAddress),
    temporaryAddress: Type.Optional(ClaimedAddress),
    currentAddress: Type.Optional(ClaimedAddress),
  },
  { additionalProperties: false, description: 'A personal ID and at least one claimed attribute' },
);

const VerificationAnswer = Type.Union([
  Type.Object({ found: Type.Literal(false) }, { description: 'Unknown, or outside the province' }),
  Type.Object({
    found: Type.Literal(true),
    alive: Type.Boolean(),
    matches: Type.Object(Object.fromEntries(CLAIMS.map((claim) => [claim, Type.Optional(Type.Boolean())])), {
      description: 'One answer per claimed attribute; no data of the person',
    }),
  }),
]);

export const DataRequest = Type.Object({ personalId: PersonalId }, { additionalProperties: false });

const Address = Type.Object({
  version: AdminUnitVersionSchema,
  commune: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
});
const retrievable: Record<(typeof RETRIEVABLE)[number], TSchema> = {
  fullName: Type.String(),
  birthDate: Type.String({ description: 'YYYY, YYYY-MM or YYYY-MM-DD' }),
  sex: Type.Union([Type.Literal('male'), Type.Literal('female')]),
  currentAddress: Address,
  householdNumber: Type.String(),
};
const DataAnswer = Type.Object(
  {
    personalId: PersonalId,
    ...Object.fromEntries(
      Object.entries(retrievable).map(([name, schema]) => [
        name,
        Type.Optional(Type.Union([schema, Type.Null()])),
      ]),
    ),
  },
  { description: 'Only the attributes that the access right names' },
);

const ajv = new Ajv2020({ allErrors: true, strict: false });

/** A body's validator: the value when it fits the schema, otherwise 400 naming each failing field. */
function parser<S extends TSchema>(schema: S) {
  const check = ajv.compile(schema);
  return (body: Buffer): Static<S> => {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      throw errors.invalid_request('The body must be a JSON object.');
    }
    if (!check(value)) {
      const fields = fieldErrors(check.errors ?? [], '/body');
      throw errors.invalid_request(fields.map((f) => `${f.pointer} ${f.detail}`).join('; '), {
        errors: fields,
      });
    }
    return value as Static<S>;
  };
}
export const parseVerification = parser(VerificationRequest);
export const parseDataRequest = parser(DataRequest);

const json = (schema: TSchema) => ({ 'application/json': { schema } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const purpose = {
  name: 'X-Exchange-Purpose',
  in: 'header',
  required: true,
  description: 'Why the person’s data is used, percent-encoded UTF-8 (logged, shown to the person)',
  schema: { type: 'string', maxLength: 500 },
};
const refusals = {
  401: problem('No valid access token (exchange.unauthenticated)'),
  403: problem('No approved, unexpired access right (exchange.access_denied)'),
  429: problem("Over the right's quota per minute (exchange.quota_exceeded)"),
};

const OPERATIONS: Partial<Record<Builtin, Record<string, unknown>>> = {
  'citizen-verification': {
    '/': {
      post: {
        operationId: 'verifyCitizen',
        summary: 'Whether claimed attributes match the population registry (answers match / no-match only)',
        parameters: [purpose],
        requestBody: { required: true, content: json(VerificationRequest) },
        responses: {
          200: { description: 'One answer per claimed attribute', content: json(VerificationAnswer) },
          400: problem(
            'Malformed body, no claim, or no purpose (exchange.invalid_request, purpose_required)',
          ),
          413: problem('Body over the size limit (exchange.body_too_large)'),
          ...refusals,
        },
      },
    },
  },
  'citizen-data': {
    '/': {
      post: {
        operationId: 'retrieveCitizenData',
        summary: "The person's attributes that the access right names, with the person's consent",
        parameters: [purpose],
        requestBody: { required: true, content: json(DataRequest) },
        responses: {
          200: { description: 'The allowed attributes', content: json(DataAnswer) },
          400: problem('Malformed body or no purpose (exchange.invalid_request, purpose_required)'),
          404: problem('No such person in the province (registry.resident_not_found)'),
          ...refusals,
          403: problem(
            'No valid access right, or no valid consent of the person (exchange.consent_required)',
          ),
        },
      },
    },
  },
  'admin-units': {
    '/{commune}': {
      get: {
        operationId: 'getCommune',
        summary: 'A commune of the 2025 administrative units, with the pre-2025 units it was formed from',
        parameters: [
          { name: 'commune', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{5}$' } },
        ],
        responses: {
          200: { description: 'The commune', content: json(CommuneDetailSchema) },
          400: problem('Not a 5-digit code (exchange.invalid_request)'),
          404: problem('No such commune (exchange.not_found)'),
          ...refusals,
        },
      },
    },
  },
};

/** Whether a built-in service has an API of its own to document (events are subscribed to elsewhere). */
export const documented = (code: Builtin): boolean => OPERATIONS[code] !== undefined;

/** A built-in service's OpenAPI 3.1 document, or undefined for one without an API of its own (events). */
export function builtinOpenApi(code: Builtin, publicUrl: string): Record<string, unknown> | undefined {
  const paths = OPERATIONS[code];
  if (!paths) return undefined;
  const { $id: _id, ...problemDocument } = problemSchema;
  return {
    openapi: '3.1.0',
    info: {
      title: `${PLATFORM_MEMBER}/${PLATFORM_SYSTEM}/${code}`,
      version: '1',
      description: BUILTINS[code].description,
    },
    servers: [{ url: `${publicUrl}/x/${PLATFORM_MEMBER}/${PLATFORM_SYSTEM}/${code}` }],
    security: [{ systemToken: [] }],
    paths,
    components: {
      securitySchemes: {
        systemToken: {
          type: 'http',
          scheme: 'bearer',
          description: "The calling system's access token (client credentials at the platform's /oidc/token)",
        },
      },
      schemas: { Problem: problemDocument },
    },
  };
}
