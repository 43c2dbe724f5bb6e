import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { defineErrors } from './errors.ts';

/**
 * AES-256-GCM envelope encryption (ARCHITECTURE §6). Each value gets its own random data key (a bulk load
 * shares one among its values: `sealWith`), which is wrapped by the master key; the master key id travels with the value, so after a master-key rotation
 * old values still decrypt with the previous key (CITIZEN_PREVIOUS_MASTER_KEYS) until re-encrypted.
 *
 * Sealed text format: `v1.<master key id>.<wrapped data key>.<iv>.<ciphertext+tag>`, each part base64url.
 * The optional `context` (e.g. `registry.resident.ethnicity:<id>`) is bound as additional data, so a
 * sealed value copied to another row or column fails to open.
 */
export interface Sealer {
  seal(plaintext: Buffer | string, context?: string): string;
  /**
   * A fresh data key, wrapped by the master key, for sealing many values of one bulk load with
   * `sealWith` (see there). Each value still carries the wrapped key, so it opens like any other.
   */
  dataKey(): DataKey;
  open(sealed: string, context?: string): Buffer;
  openText(sealed: string, context?: string): string;
  /** Id of the current master key. */
  readonly keyId: string;
}

const errors = defineErrors('platform', {
  // A 500: the caller did nothing wrong; the operator must check the master keys or the stored data.
  decryption_failed: {
    status: 500,
    title: { vi: 'Không giải mã được dữ liệu', en: 'Data cannot be decrypted' },
  },
});

/** A data key in clear with its wrapped form (`v1.<master key id>.<wrapped>`): keep it in memory only. */
export interface DataKey {
  keyId: string;
  wrapped: string;
  key: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function keyId(masterKey: Buffer): string {
  return createHash('sha256').update(masterKey).digest('base64url').slice(0, 8);
}

// Keys as KeyObjects: Node imports a raw Buffer key anew for every cipher, several times slower.
function encrypt(key: KeyObject, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/**
 * Seals values under one data key: the same format as `Sealer.seal`, at a fraction of its cost (no key
 * generation or wrapping per value, IVs drawn from a pooled random buffer), for bulk loads that seal
 * millions of values. Every value has its own random 96-bit IV; keep one data key to fewer than 2³²
 * values (NIST SP 800-38D §8.3).
 */
export function sealWith(dataKey: DataKey): (plaintext: Buffer | string, context?: string) => string {
  const key = createSecretKey(dataKey.key);
  const prefix = `v1.${dataKey.keyId}.${dataKey.wrapped}.`;
  const POOL = IV_BYTES * 4096;
  let pool = randomBytes(POOL);
  let used = 0;
  return (plaintext, context = '') => {
    if (used === POOL) {
      pool = randomBytes(POOL);
      used = 0;
    }
    const iv = pool.subarray(used, used + IV_BYTES);
    used += IV_BYTES;
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([
      iv,
      cipher.update(Buffer.from(plaintext)),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return prefix + body.toString('base64url');
  };
}

function decrypt(key: KeyObject, data: Buffer, aad: string): Buffer {
  const iv = data.subarray(0, IV_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
}

export function createSealer(masterKey: Buffer, previousKeys: Buffer[] = []): Sealer {
  const current = keyId(masterKey);
  const masterKeyObject = createSecretKey(masterKey);
  const keys = new Map<string, KeyObject>([
    [current, masterKeyObject],
    ...previousKeys.map((k) => [keyId(k), createSecretKey(k)] as const),
  ]);
  // Unwrapped data keys, by wrapped key: values sealed in bulk share one (sealWith), so reading them
  // unwraps it once instead of at every value. Bounded; the master key is in memory anyway.
  const unwrapped = new Map<string, KeyObject>();
  const dataKeyOf = (master: KeyObject, kid: string, wrapped: string) => {
    const id = `${kid}.${wrapped}`;
    let key = unwrapped.get(id);
    if (!key) {
      key = createSecretKey(decrypt(master, Buffer.from(wrapped, 'base64url'), `dek:${kid}`));
      if (unwrapped.size >= 1024) unwrapped.delete(unwrapped.keys().next().value as string);
      unwrapped.set(id, key);
    }
    return key;
  };
  const open = (sealed: string, context = ''): Buffer => {
    const [version, kid, wrapped, body] = sealed.split('.');
    const master = kid === undefined ? undefined : keys.get(kid);
    if (version !== 'v1' || !wrapped || !body || !master) {
      throw errors.decryption_failed('Encrypted data cannot be opened with the configured keys.');
    }
    try {
      return decrypt(dataKeyOf(master, kid as string, wrapped), Buffer.from(body, 'base64url'), context);
    } catch (cause) {
      throw errors.decryption_failed('Encrypted data was altered or sealed for another place.', { cause });
    }
  };
  return {
    keyId: current,
    seal(plaintext, context = '') {
      const dataKey = randomBytes(32);
      const wrapped = encrypt(masterKeyObject, dataKey, `dek:${current}`);
      const body = encrypt(createSecretKey(dataKey), Buffer.from(plaintext), context);
      return ['v1', current, wrapped.toString('base64url'), body.toString('base64url')].join('.');
    },
    dataKey() {
      const key = randomBytes(32);
      return {
        keyId: current,
        wrapped: encrypt(masterKeyObject, key, `dek:${current}`).toString('base64url'),
        key,
      };
    },
    open,
    openText: (sealed, context) => open(sealed, context).toString('utf8'),
  };
}
