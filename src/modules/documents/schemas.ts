import { Type } from 'typebox';

export const DocumentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const DocumentInfoSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String({ examples: ['procedure-result'] }),
    title: Type.String(),
    agency: Type.Object({ code: Type.String({ examples: ['000.00.00.H56'] }), name: Type.String() }),
    reference: Type.Union([Type.String(), Type.Null()]),
    issuedAt: Type.String({ format: 'date-time' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the signed PDF, hex' }),
    size: Type.Integer({ description: 'Bytes of the signed PDF' }),
    status: Type.Union([Type.Literal('valid'), Type.Literal('revoked')]),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    jws: Type.String({
      description:
        'Compact JWS (alg EdDSA, typ citizen-document+jws, kid of the agency key) over {id, sha256, agency, kind, issuedAt}',
    }),
    kid: Type.String(),
    signatureValid: Type.Boolean({
      description: 'The JWS verifies with the agency’s published key and states this document',
    }),
    verifyUrl: Type.String({ format: 'uri' }),
  },
  { description: 'Public facts of an issued document; nothing about its holder' },
);

export const VerificationSchema = Type.Object({
  valid: Type.Boolean({
    description:
      'The file is byte for byte the signed PDF, the signature holds and the document is not revoked',
  }),
  reason: Type.Union([
    Type.Literal('identical'),
    Type.Literal('modified'),
    Type.Literal('revoked'),
    Type.Literal('signature_invalid'),
  ]),
  sha256: Type.String({ description: 'SHA-256 of the file checked' }),
  expected: Type.String({ description: 'SHA-256 of the signed PDF' }),
});

export const JwksSchema = Type.Object(
  {
    keys: Type.Array(
      Type.Object(
        {
          kid: Type.String(),
          kty: Type.String(),
          alg: Type.String(),
          use: Type.String(),
          agency: Type.String({ description: 'QCVN 102 code of the agency that signs with this key' }),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { description: 'JWK Set of every issuing agency’s public keys' },
);

export const HeldDocumentSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String(),
    title: Type.String(),
    agency: Type.Object({ code: Type.String(), name: Type.String() }),
    reference: Type.Union([Type.String(), Type.Null()]),
    issuedAt: Type.String({ format: 'date-time' }),
    size: Type.Integer(),
    status: Type.Union([Type.Literal('valid'), Type.Literal('revoked')]),
    verifyUrl: Type.String({ format: 'uri' }),
  },
  { description: 'A document issued to me, in my personal document store' },
);
