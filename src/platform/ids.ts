import { randomFillSync } from 'node:crypto';

/**
 * Row identifiers are UUID v7 (RFC 9562 §5.7): time-ordered, so B-tree inserts stay local and ids sort by
 * creation. Within one millisecond a 32-bit counter (started at a random value each millisecond, RFC 9562
 * §6.2 method 1, like the `uuid` package) keeps them increasing; the remaining 62 bits are random. Random
 * bytes come from a pooled buffer: one system call per 4 KiB instead of one per id, which matters when
 * a bulk load makes millions of ids.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;
let lastMs = -1;
let counter = 0;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function random(bytes: number): number {
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const at = used;
  used += bytes;
  return at;
}

export function newId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    const at = random(4);
    counter = pool.readUInt32BE(at) & 0x7fffffff; // room to count up within the millisecond
    lastMs = ms;
  } else {
    counter = (counter + 1) >>> 0;
    if (counter === 0) lastMs++; // 2³² ids in one millisecond: borrow the next one, as RFC 9562 allows
    ms = lastMs;
  }
  const tail = random(6);
  const b = [
    Math.floor(ms / 0x10000000000) & 0xff,
    Math.floor(ms / 0x100000000) & 0xff,
    (ms >>> 24) & 0xff,
    (ms >>> 16) & 0xff,
    (ms >>> 8) & 0xff,
    ms & 0xff,
    0x70 | ((counter >>> 28) & 0x0f), // version 7, counter bits 31–28
    (counter >>> 20) & 0xff,
    0x80 | ((counter >>> 14) & 0x3f), // variant 10, counter bits 19–14
    (counter >>> 6) & 0xff,
    ((counter << 2) & 0xfc) | ((pool[tail] as number) & 0x03),
    pool[tail + 1] as number,
    pool[tail + 2] as number,
    pool[tail + 3] as number,
    pool[tail + 4] as number,
    pool[tail + 5] as number,
  ].map((x) => HEX[x] as string);
  return `${b[0]}${b[1]}${b[2]}${b[3]}-${b[4]}${b[5]}-${b[6]}${b[7]}-${b[8]}${b[9]}-${b[10]}${b[11]}${b[12]}${b[13]}${b[14]}${b[15]}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID (any version): ids from a URL are checked before they reach a uuid column. */
export const isUuid = (value: string): boolean => UUID.test(value);
