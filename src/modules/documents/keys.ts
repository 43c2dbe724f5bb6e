import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Platform } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Each issuing agency signs its documents with its own key (Ed25519, JWS alg EdDSA), created on first
 * use. The private JWK is sealed under the master key, bound to its row (kid) as additional data; the
 * public keys of every agency are published as one JWKS (`GET /api/v1/documents/keys`), each JWK naming
 * its agency in the extra member `agency` (RFC 7517 §4: members a verifier does not know are ignored).
 */
export const DOCUMENT_ALG = 'EdDSA';

export interface AgencyKey {
  kid: string;
  agencyCode: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface PublicAgencyJwk extends JWK {
  kty: string;
  kid: string;
  alg: string;
  use: 'sig';
  agency: string;
}

interface Row {
  kid: string;
  agency_code: string;
  alg: string;
  public_jwk: PublicAgencyJwk;
  private_sealed: string;
  retired_at: Date | null;
}

const context = (kid: string) => `documents.agency_key:${kid}`;

export function createAgencyKeys(platform: Platform) {
  const { db, sealer, clock } = platform;
  const loaded = new Map<string, AgencyKey>();
  const publicKeys = new Map<string, { agencyCode: string; key: CryptoKey }>();

  const current = (agencyCode: string) =>
    db
      .selectFrom('documents.agency_key')
      .selectAll()
      .where('agency_code', '=', agencyCode)
      .where('retired_at', 'is', null)
      .executeTakeFirst() as Promise<Row | undefined>;

  async function load(row: Row): Promise<AgencyKey> {
    const kept = loaded.get(row.kid);
    if (kept) return kept;
    const jwk = JSON.parse(sealer.openText(row.private_sealed, context(row.kid))) as JWK;
    const key: AgencyKey = {
      kid: row.kid,
      agencyCode: row.agency_code,
      privateKey: (await importJWK(jwk, row.alg)) as CryptoKey,
      publicJwk: row.public_jwk,
    };
    loaded.set(row.kid, key);
    return key;
  }

  return {
    /**
     * The agency's current signing key, created on first use. Created on the platform pool, outside the
     * caller's transaction: a key that outlives a rolled-back issuance has signed nothing and is harmless.
     */
    async signingKey(agencyCode: string): Promise<AgencyKey> {
      const existing = await current(agencyCode);
      if (existing) return load(existing);
      const { privateKey, publicKey } = await generateKeyPair('Ed25519', { extractable: true });
      const kid = newId();
      const exported = await exportJWK(publicKey);
      const publicJwk: PublicAgencyJwk = {
        ...exported,
        kty: exported.kty ?? 'OKP',
        kid,
        alg: DOCUMENT_ALG,
        use: 'sig',
        agency: agencyCode,
      };
      await db
        .insertInto('documents.agency_key')
        .values({
          kid,
          agency_code: agencyCode,
          alg: DOCUMENT_ALG,
          public_jwk: JSON.stringify(publicJwk),
          private_sealed: sealer.seal(JSON.stringify(await exportJWK(privateKey)), context(kid)),
          created_at: clock.now(),
        })
        .onConflict((oc) => oc.column('agency_code').where('retired_at', 'is', null).doNothing())
        .execute();
      const winner = await current(agencyCode);
      if (!winner) throw new Error(`no signing key for agency ${agencyCode}`);
      return load(winner);
    },

    /** A public key by kid, with the agency it belongs to (retired keys still verify what they signed). */
    async publicKey(kid: string) {
      const kept = publicKeys.get(kid);
      if (kept) return kept;
      const row = (await db
        .selectFrom('documents.agency_key')
        .selectAll()
        .where('kid', '=', kid)
        .executeTakeFirst()) as Row | undefined;
      if (!row) return undefined;
      const entry = {
        agencyCode: row.agency_code,
        key: (await importJWK(row.public_jwk, row.alg)) as CryptoKey,
      };
      publicKeys.set(kid, entry);
      return entry;
    },

    /** Every agency's public keys, current and retired (documents signed with a retired key still verify). */
    async jwks(): Promise<{ keys: PublicAgencyJwk[] }> {
      const rows = (await db
        .selectFrom('documents.agency_key')
        .select('public_jwk')
        .orderBy('agency_code')
        .orderBy('created_at', 'desc')
        .execute()) as Pick<Row, 'public_jwk'>[];
      return { keys: rows.map((r) => r.public_jwk) };
    },
  };
}

export type AgencyKeys = ReturnType<typeof createAgencyKeys>;
