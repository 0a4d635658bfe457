import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('answers from memory until the entry expires, then computes again', async () => {
    const cache = new TtlCache<number>(1000);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.get('k', compute, 0)).toBe(1);
    expect(await cache.get('k', compute, 999)).toBe(1);
    expect(await cache.get('k', compute, 1000)).toBe(2);
    expect(await cache.get('other', compute, 1000)).toBe(3);
  });

  it('shares one computation between concurrent misses and forgets a failure', async () => {
    const cache = new TtlCache<number>(1000);
    let calls = 0;
    const [a, b] = await Promise.all([cache.get('k', async () => ++calls, 0), cache.get('k', async () => ++calls, 0)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
    await expect(cache.get('bad', () => Promise.reject(new Error('boom')), 0)).rejects.toThrow('boom');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('bad', async () => 7, 1)).toBe(7);
  });
});
