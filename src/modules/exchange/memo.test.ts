import { describe, expect, it } from 'vitest';
import { memo } from './gateway.ts';

describe('the gateway’s time-bounded cache', () => {
  it('makes one load for concurrent misses of a key, and answers each caller with it', async () => {
    const cache = memo<number>();
    let loads = 0;
    let release: (n: number) => void = () => {};
    const load = () => {
      loads++;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const answers = Promise.all(Array.from({ length: 50 }, () => cache.get('right', load, 1000)));
    release(7);
    expect(await answers).toEqual(Array(50).fill(7));
    expect(loads).toBe(1);
    expect(await cache.get('right', load, 1000)).toBe(7);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load: the next caller loads again', async () => {
    const cache = memo<string>();
    let loads = 0;
    const failing = () => {
      loads++;
      return Promise.reject(new Error('database unavailable'));
    };
    await expect(Promise.all([cache.get('k', failing), cache.get('k', failing)])).rejects.toThrow(
      'database unavailable',
    );
    expect(loads).toBe(1);
    expect(await cache.get('k', async () => 'found')).toBe('found');
  });

  it('loads again once the entry has expired', async () => {
    const cache = memo<number>();
    let n = 0;
    const load = async () => ++n;
    expect(await cache.get('k', load, 20)).toBe(1);
    expect(await cache.get('k', load, 20)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await cache.get('k', load, 20)).toBe(2);
  });
});
