import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../test/platform.ts';
import { createSealer } from '../crypto.ts';
import { connect, type Database } from '../db/index.ts';
import { createKeyService, type KeyService, type SigningAlg, signCompact } from './index.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const DAY = 86_400_000;

async function platform() {
  const clock = fixedClock('2025-07-01T00:00:00.000Z');
  const p: TestPlatform = await createTestPlatform({ clock });
  closers.push(() => p.close());
  return { ...p, clock };
}

/** Another node on the same database: its own pool, the same master key. */
function otherNode(p: Awaited<ReturnType<typeof platform>>): KeyService {
  const database: Database = connect(p.databaseUrl, { max: 2 });
  closers.push(() => database.close());
  return createKeyService(database.db, createSealer(p.config.masterKey), p.clock);
}

async function sign(keys: KeyService, alg: SigningAlg, subject = 'account:1') {
  const key = await keys.signingKey(alg);
  return new SignJWT({ scope: 'openid' })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setSubject(subject)
    .setIssuer('https://citizen.test')
    .setIssuedAt()
    .sign(key.privateKey);
}

async function verify(keys: KeyService, token: string) {
  return jwtVerify(token, createLocalJWKSet(await keys.jwks()), { issuer: 'https://citizen.test' });
}

describe('signing keys', () => {
  it.each(['EdDSA', 'ES256'] as const)(
    'signs %s tokens that verify against the published JWKS',
    async (alg) => {
      const p = await platform();
      const token = await sign(p.keys, alg, 'account:42');
      const { payload, protectedHeader } = await verify(p.keys, token);
      expect(payload.sub).toBe('account:42');
      expect(protectedHeader.alg).toBe(alg);

      const jwks = await p.keys.jwks();
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({ kid: protectedHeader.kid, alg, use: 'sig' });
      // The same key keeps signing until it is rotated.
      expect((await p.keys.signingKey(alg)).kid).toBe(protectedHeader.kid);
    },
  );

  it.each(['EdDSA', 'ES256'] as const)(
    'signs %s compact JWS synchronously that jose verifies, and a changed payload fails',
    async (alg) => {
      const p = await platform();
      const key = await p.keys.signingKey(alg);
      const jws = signCompact(key, 'ab'.repeat(32), 'citizen-test+jws');
      const keySet = createLocalJWKSet(await p.keys.jwks());
      const { payload, protectedHeader } = await compactVerify(jws, keySet);
      expect(new TextDecoder().decode(payload)).toBe('ab'.repeat(32));
      expect(protectedHeader).toEqual({ alg, kid: key.kid, typ: 'citizen-test+jws' });

      const [header, , signature] = jws.split('.');
      const forged = `${header}.${Buffer.from('cd'.repeat(32)).toString('base64url')}.${signature}`;
      await expect(compactVerify(forged, keySet)).rejects.toThrow();
    },
  );

  it('keeps one current key per algorithm', async () => {
    const p = await platform();
    const ed = await p.keys.signingKey('EdDSA');
    const es = await p.keys.signingKey('ES256');
    expect(ed.kid).not.toBe(es.kid);
    expect((await p.keys.jwks()).keys.map((k) => k.kid).sort()).toEqual([ed.kid, es.kid].sort());
  });

  it('stores private keys sealed under the master key and never publishes them', async () => {
    const p = await platform();
    const key = await p.keys.signingKey('ES256');
    const row = await p.db
      .selectFrom('platform.signing_key')
      .select(['private_sealed', (eb) => eb.cast('public_jwk', 'text').as('public_text')])
      .where('kid', '=', key.kid)
      .executeTakeFirstOrThrow();
    const privateJwk = JSON.parse(p.sealer.openText(row.private_sealed, `platform.signing_key:${key.kid}`));
    expect(typeof privateJwk.d).toBe('string');

    expect(row.private_sealed).toMatch(/^v1\./);
    expect(row.private_sealed).not.toContain(privateJwk.d);
    expect(row.private_sealed).not.toContain('"d"');
    expect(row.public_text).not.toContain('"d"');
    expect(row.public_text).not.toContain(privateJwk.d);
    for (const published of (await p.keys.jwks()).keys) expect(published).not.toHaveProperty('d');
    // Bound to its row: the sealed key cannot be passed off as another kid's.
    expect(() => p.sealer.open(row.private_sealed, 'platform.signing_key:other')).toThrow();
  });

  it('cannot use stored keys without the master key that sealed them', async () => {
    const p = await platform();
    await p.keys.signingKey('EdDSA');
    const stranger = createKeyService(p.db, createSealer(Buffer.alloc(32, 1)), p.clock);
    await expect(stranger.signingKey('EdDSA')).rejects.toMatchObject({ code: 'platform.decryption_failed' });
  });

  it('rotates with overlap: new tokens use the new key, old tokens verify until the overlap ends', async () => {
    const p = await platform();
    const oldKid = (await p.keys.signingKey('EdDSA')).kid;
    const oldToken = await sign(p.keys, 'EdDSA');
    const otherAlg = (await p.keys.signingKey('ES256')).kid;

    p.clock.advance(60_000);
    const newKid = await p.keys.rotate('EdDSA', 7);
    expect(newKid).not.toBe(oldKid);
    expect((await p.keys.signingKey('EdDSA')).kid).toBe(newKid);
    const newToken = await sign(p.keys, 'EdDSA');
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    // Rotating one algorithm leaves the other alone.
    expect((await p.keys.signingKey('ES256')).kid).toBe(otherAlg);

    expect((await verify(p.keys, oldToken)).protectedHeader.kid).toBe(oldKid);
    expect((await verify(p.keys, newToken)).protectedHeader.kid).toBe(newKid);
    expect((await p.keys.jwks()).keys.map((k) => k.kid)).toContain(oldKid);

    p.clock.advance(7 * DAY - 1000);
    expect((await p.keys.jwks()).keys.map((k) => k.kid)).toContain(oldKid);
    await verify(p.keys, oldToken);

    p.clock.advance(2000);
    const kids = (await p.keys.jwks()).keys.map((k) => k.kid);
    expect(kids).not.toContain(oldKid);
    expect(kids).toEqual(expect.arrayContaining([newKid, otherAlg]));
    await expect(verify(p.keys, oldToken)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    await verify(p.keys, newToken);
  });

  it('shares keys between nodes: another node signs with the same current key, also after a rotation', async () => {
    const p = await platform();
    const node2 = otherNode(p);
    const first = await p.keys.signingKey('EdDSA');
    expect((await node2.signingKey('EdDSA')).kid).toBe(first.kid);
    // A token signed on one node verifies against the JWKS served by the other.
    await verify(node2, await sign(p.keys, 'EdDSA'));
    await verify(p.keys, await sign(node2, 'EdDSA'));

    p.clock.advance(1000);
    const rotated = await node2.rotate('EdDSA');
    expect((await p.keys.signingKey('EdDSA')).kid).toBe(rotated);
  });

  it('lets nodes racing to create the first key agree on one afterwards', async () => {
    const p = await platform();
    const nodes = [p.keys, otherNode(p), otherNode(p)];
    const raced = await Promise.all(nodes.map((n) => sign(n, 'ES256')));
    const agreed = await Promise.all(nodes.map(async (n) => (await n.signingKey('ES256')).kid));
    expect(new Set(agreed).size).toBe(1);
    // Whatever each node used during the race is published, so every token verifies.
    for (const token of raced) await verify(p.keys, token);
  });
});
