import { BoundedMap } from './bounded-map';

/**
 * Remembers computed answers for a few seconds, so that a dashboard polled by many screens costs the
 * database one computation per key and period. Concurrent misses of one key share one computation.
 */
export class TtlCache<V> {
  private readonly entries: BoundedMap<string, { expires: number; value: Promise<V> }>;

  constructor(
    private readonly ttlMs: number,
    capacity = 1000,
  ) {
    this.entries = new BoundedMap(capacity);
  }

  get(key: string, compute: () => Promise<V>, now = Date.now()): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = compute();
    this.entries.set(key, { expires: now + this.ttlMs, value });
    // a failure is not remembered
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    return value;
  }
}
