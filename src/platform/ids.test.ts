import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('row ids (UUID v7)', () => {
  it('are v7 UUIDs carrying the current time, unique and increasing even within a millisecond', () => {
    const before = Date.now();
    const ids = Array.from({ length: 200_000 }, () => newId());
    const after = Date.now();
    for (const id of ids.slice(0, 1000)) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++)
      if (!((ids[i] as string) > (ids[i - 1] as string))) expect(ids[i]).toBe('> previous');
    const ms = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms(ids[0] as string)).toBeGreaterThanOrEqual(before);
    expect(ms(ids.at(-1) as string)).toBeLessThanOrEqual(after + 1);
  });
});
