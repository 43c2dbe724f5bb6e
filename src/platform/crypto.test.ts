import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealer, keyId, sealWith } from './crypto.ts';
import { AppError } from './errors.ts';

const key = () => randomBytes(32);

/** Runs `fn` and returns the AppError it throws (failing the test if it throws something else or nothing). */
function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

/** Flips one bit of one base64url part of a sealed value. */
function flipBit(sealed: string, part: number, byte = 0): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] as string, 'base64url');
  bytes[byte] = (bytes[byte] as number) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('envelope encryption (AES-256-GCM)', () => {
  it('opens what it sealed: Vietnamese text and arbitrary bytes', () => {
    const sealer = createSealer(key());
    const text = 'Nguyễn Thị Minh Khai — dân tộc Mường';
    const sealed = sealer.seal(text, 'registry.resident.ethnicity:1');
    expect(sealed).not.toContain('Nguy');
    expect(sealer.openText(sealed, 'registry.resident.ethnicity:1')).toBe(text);

    const binary = randomBytes(4096);
    expect(sealer.open(sealer.seal(binary)).equals(binary)).toBe(true);
    expect(sealer.open(sealer.seal(Buffer.alloc(0))).length).toBe(0);
  });

  it('carries the format version and the current master key id', () => {
    const master = key();
    const sealer = createSealer(master);
    const [version, kid] = sealer.seal('x').split('.');
    expect(version).toBe('v1');
    expect(kid).toBe(keyId(master));
    expect(sealer.keyId).toBe(keyId(master));
  });

  it('seals the same plaintext differently each time', () => {
    const sealer = createSealer(key());
    const seen = new Set(Array.from({ length: 20 }, () => sealer.seal('001234567890', 'ctx')));
    expect(seen.size).toBe(20);
  });

  it('refuses a value copied to another place (different context)', () => {
    const sealer = createSealer(key());
    const sealed = sealer.seal('secret', 'registry.resident.ethnicity:1');
    expect(appError(() => sealer.open(sealed, 'registry.resident.ethnicity:2')).code).toBe(
      'platform.decryption_failed',
    );
    expect(appError(() => sealer.open(sealed)).code).toBe('platform.decryption_failed');
  });

  it('detects tampering with the ciphertext, the wrapped key or the format', () => {
    const sealer = createSealer(key());
    const sealed = sealer.seal('a fairly long secret value', 'ctx');
    // Last part: iv (12 bytes) + ciphertext + tag. Flip a bit in the ciphertext, the tag and the iv.
    for (const byte of [0, 14, -1]) {
      const body = Buffer.from(sealed.split('.')[3] as string, 'base64url');
      const at = byte < 0 ? body.length - 1 : byte;
      expect(appError(() => sealer.open(flipBit(sealed, 3, at), 'ctx')).code).toBe(
        'platform.decryption_failed',
      );
    }
    expect(appError(() => sealer.open(flipBit(sealed, 2, 20), 'ctx')).code).toBe(
      'platform.decryption_failed',
    );
    expect(appError(() => sealer.open(sealed.replace(/^v1\./, 'v2.'), 'ctx')).code).toBe(
      'platform.decryption_failed',
    );
    expect(appError(() => sealer.open('not sealed at all', 'ctx')).code).toBe('platform.decryption_failed');
    expect(appError(() => sealer.open(sealed.split('.').slice(0, 3).join('.'), 'ctx')).code).toBe(
      'platform.decryption_failed',
    );
  });

  it('keeps old values readable across a master-key rotation, and new values use the new key', () => {
    const oldKey = key();
    const newKey = key();
    const before = createSealer(oldKey);
    const sealedBefore = before.seal('sealed before rotation', 'ctx');

    const after = createSealer(newKey, [oldKey]);
    expect(after.keyId).toBe(keyId(newKey));
    expect(after.openText(sealedBefore, 'ctx')).toBe('sealed before rotation');
    const sealedAfter = after.seal('sealed after rotation', 'ctx');
    expect(sealedAfter.split('.')[1]).toBe(keyId(newKey));
    expect(after.openText(sealedAfter, 'ctx')).toBe('sealed after rotation');
    // The old installation cannot read what the new key sealed.
    expect(appError(() => before.open(sealedAfter, 'ctx')).code).toBe('platform.decryption_failed');
  });

  it('cannot open values of a master key it was not given, and says so with a stable code', () => {
    const sealed = createSealer(key()).seal('secret', 'ctx');
    const stranger = createSealer(key());
    const error = appError(() => stranger.open(sealed, 'ctx'));
    expect(error.code).toBe('platform.decryption_failed');
    expect(error.status).toBe(500);
  });
});

describe('bulk sealing under one data key', () => {
  it('gives values that open like any other, each with its own IV, bound to its context', () => {
    const sealer = createSealer(key());
    const seal = sealWith(sealer.dataKey());
    const values = Array.from({ length: 5000 }, (_, i) => seal(`Mường ${i}`, `ctx:${i}`));
    values.forEach((sealed, i) => {
      expect(sealer.openText(sealed, `ctx:${i}`)).toBe(`Mường ${i}`);
    });
    const ivs = new Set(
      values.map((v) =>
        Buffer.from(v.split('.')[3] as string, 'base64url')
          .subarray(0, 12)
          .toString('hex'),
      ),
    );
    expect(ivs.size).toBe(values.length);
    expect(appError(() => sealer.open(values[0] as string, 'ctx:1')).code).toBe('platform.decryption_failed');
    // Another data key, another wrapped part; a different master key cannot open either.
    expect(sealWith(sealer.dataKey())('x').split('.')[2]).not.toBe(values[0]?.split('.')[2]);
    expect(appError(() => createSealer(key()).open(values[0] as string, 'ctx:0')).code).toBe(
      'platform.decryption_failed',
    );
  });
});
