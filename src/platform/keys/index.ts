import { createPrivateKey, type KeyObject, sign, type webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Sealer } from '../crypto.ts';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';

/**
 * Signing keys for OIDC tokens, credentials, message logs and webhooks (ARCHITECTURE §6). Private keys
 * are stored sealed under the master key. Rotation adds a new key that signs from then on; the previous
 * one stops signing but stays in the JWKS for `overlapDays`, so tokens it signed still verify.
 */
export type SigningAlg = 'EdDSA' | 'ES256';

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  /** A node:crypto key: `signCompact` signs with it synchronously, and jose accepts it too. */
  privateKey: KeyObject;
  publicJwk: JWK;
}

/**
 * A compact JWS of `payload` signed at once with node:crypto; jose verifies it like any other. jose signs
 * through WebCrypto, asynchronously: under load each signature then waits for a turn of a busy event loop,
 * which a writer that seals every batch before the next can start cannot afford.
 */
export function signCompact(key: SigningKey, payload: string, typ: string): string {
  const header = Buffer.from(JSON.stringify({ alg: key.alg, kid: key.kid, typ })).toString('base64url');
  const input = `${header}.${Buffer.from(payload).toString('base64url')}`;
  const signature =
    key.alg === 'EdDSA'
      ? sign(null, Buffer.from(input), key.privateKey)
      : sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export interface KeyService {
  /** The key that signs now for this algorithm; created on first use. */
  signingKey(alg: SigningAlg): Promise<SigningKey>;
  /** Public keys that verifiers must accept: current keys and retired ones still in their overlap. */
  jwks(): Promise<{ keys: JWK[] }>;
  /**
   * Private JWKs of the current key of each algorithm first, then retired keys still in their overlap: for
   * a signer that keeps its own key set (the OpenID provider signs with the first key of an algorithm).
   */
  privateJwks(): Promise<{ keys: JWK[] }>;
  /** Starts signing with a new key; the old one stays published for the overlap. Returns the new kid. */
  rotate(alg: SigningAlg, overlapDays?: number): Promise<string>;
}

interface KeyRow {
  kid: string;
  alg: SigningAlg;
  public_jwk: JWK;
  private_sealed: string;
  created_at: Date;
  retire_at: Date | null;
  expire_at: Date | null;
}

export function createKeyService(db: Db, sealer: Sealer, clock: Clock): KeyService {
  const cache = new Map<string, SigningKey>();
  const context = (kid: string) => `platform.signing_key:${kid}`;

  async function create(alg: SigningAlg): Promise<KeyRow> {
    const { privateKey, publicKey } = await generateKeyPair(alg === 'EdDSA' ? 'Ed25519' : 'ES256', {
      extractable: true,
    });
    const kid = newId();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    const privateJwk = await exportJWK(privateKey);
    return {
      kid,
      alg,
      public_jwk: publicJwk,
      private_sealed: sealer.seal(JSON.stringify(privateJwk), context(kid)),
      created_at: clock.now(),
      retire_at: null,
      expire_at: null,
    };
  }

  function load(row: KeyRow): SigningKey {
    const cached = cache.get(row.kid);
    if (cached) return cached;
    const jwk = JSON.parse(sealer.openText(row.private_sealed, context(row.kid))) as JWK;
    const key = {
      kid: row.kid,
      alg: row.alg,
      privateKey: createPrivateKey({ key: jwk as webcrypto.JsonWebKey, format: 'jwk' }),
      publicJwk: row.public_jwk,
    };
    cache.set(row.kid, key);
    return key;
  }

  const current = (alg: SigningAlg) =>
    db
      .selectFrom('platform.signing_key')
      .selectAll()
      .where('alg', '=', alg)
      .where('retire_at', 'is', null)
      .orderBy('created_at', 'desc')
      // Same creation time (nodes racing on one clock tick): every node must still pick the same key.
      .orderBy('kid', 'desc')
      .executeTakeFirst() as Promise<KeyRow | undefined>;

  return {
    async signingKey(alg) {
      const existing = await current(alg);
      if (existing) return load(existing);
      const row = await create(alg);
      // Two nodes may race to create the first key: the unique index on the current key lets one win,
      // and both then use the winner's.
      await db
        .insertInto('platform.signing_key')
        .values({ ...row, public_jwk: JSON.stringify(row.public_jwk) })
        .onConflict((oc) => oc.column('alg').where('retire_at', 'is', null).doNothing())
        .execute();
      return load((await current(alg)) ?? row);
    },

    async jwks() {
      const now = clock.now();
      const rows = (await db
        .selectFrom('platform.signing_key')
        .select('public_jwk')
        .where((eb) => eb.or([eb('expire_at', 'is', null), eb('expire_at', '>', now)]))
        .orderBy('created_at', 'desc')
        .execute()) as Pick<KeyRow, 'public_jwk'>[];
      return { keys: rows.map((r) => r.public_jwk) };
    },

    async privateJwks() {
      for (const alg of ['ES256', 'EdDSA'] as const) await this.signingKey(alg);
      const now = clock.now();
      const rows = (await db
        .selectFrom('platform.signing_key')
        .selectAll()
        .where((eb) => eb.or([eb('expire_at', 'is', null), eb('expire_at', '>', now)]))
        .orderBy(sql`retire_at is not null`)
        .orderBy('created_at', 'desc')
        .execute()) as KeyRow[];
      return {
        keys: rows.map((row) => ({
          ...(JSON.parse(sealer.openText(row.private_sealed, context(row.kid))) as JWK),
          kid: row.kid,
          alg: row.alg,
          use: 'sig',
        })),
      };
    },

    async rotate(alg, overlapDays = 7) {
      const row = await create(alg);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('platform.signing_key')
          .set({ retire_at: now, expire_at: new Date(now.getTime() + overlapDays * 86_400_000) })
          .where('alg', '=', alg)
          .where('retire_at', 'is', null)
          .execute();
        await trx
          .insertInto('platform.signing_key')
          .values({ ...row, public_jwk: JSON.stringify(row.public_jwk) })
          .execute();
      });
      return row.kid;
    },
  };
}
