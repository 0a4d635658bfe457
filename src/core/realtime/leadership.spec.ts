import type Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { EventBus, MemoryEventBus } from './event-bus';
import { Leadership } from './leadership';

/** Just enough of Redis for leases: SET NX PX and the two compare-then-act scripts. */
function fakeRedis(store = new Map<string, string>()) {
  return {
    store,
    set: async (key: string, value: string, _px: string, _ttl: number, nx: string) => {
      if (nx === 'NX' && store.has(key)) return null;
      store.set(key, value);
      return 'OK';
    },
    eval: async (script: string, _keys: number, key: string, owner: string) => {
      if (store.get(key) !== owner) return 0;
      if (script.includes('del')) store.delete(key);
      return 1;
    },
  };
}

const leadership = (redis: unknown, bus: EventBus = new MemoryEventBus(), redisNamespace = 'deployment-a') =>
  new Leadership(redis as Redis, bus, { redisNamespace } as AppConfig);

describe('Leadership', () => {
  it('leads every role without Redis (one instance)', async () => {
    const alone = leadership(null);
    await alone.claim('reporter');
    expect(alone.isLeader('reporter')).toBe(true);
  });

  it('keeps deployments that share one Redis apart: each has its own leader', async () => {
    const redis = fakeRedis();
    const a = leadership(redis, new MemoryEventBus(), 'deployment-a');
    const b = leadership(redis, new MemoryEventBus(), 'deployment-b');
    await a.claim('reporter');
    await b.claim('reporter');
    expect([a.isLeader('reporter'), b.isLeader('reporter')]).toEqual([true, true]);
    expect([...redis.store.keys()].sort()).toEqual(['mc:deployment-a:leader:reporter', 'mc:deployment-b:leader:reporter']);
  });

  it('lets one of two instances lead, and the other take over once it leaves', async () => {
    const redis = fakeRedis();
    const a = leadership(redis);
    const b = leadership(redis);
    await a.claim('reporter');
    await b.claim('reporter');
    expect([a.isLeader('reporter'), b.isLeader('reporter')]).toEqual([true, false]);
    await a.beforeApplicationShutdown();
    expect(redis.store.size).toBe(0);
    await (b as unknown as { campaign(): Promise<void> }).campaign();
    expect(b.isLeader('reporter')).toBe(true);
    await b.beforeApplicationShutdown();
  });

  it('does not hang start-up on a Redis that never answers, and leads nothing then', async () => {
    const silent = { set: () => new Promise(() => undefined), eval: () => new Promise(() => undefined) };
    const stuck = leadership(silent);
    const started = Date.now();
    await stuck.claim('reporter');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stuck.isLeader('reporter')).toBe(false);
    await stuck.beforeApplicationShutdown();
  });
});
