import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { REDIS_CLIENT, RedisClient, redisPrefixOf } from '../redis/redis.module';
import { EventBus } from './event-bus';

const TTL_MS = 15_000;
const RENEW_MS = 5_000;
const FIRST_ROUND_WAIT_MS = 2_000;
const RENEW_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Which instance does the work a deployment must do once, not once per instance (logging what a shared bridge
 * reports, say). Without Redis there is a single instance, which leads every role; with Redis a role is a key
 * one instance holds with a short lease it keeps renewing, so another takes over within seconds when it dies.
 */
@Injectable()
export class Leadership implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Leadership');
  private readonly roles = new Set<string>();
  private readonly held = new Set<string>();
  private timer?: NodeJS.Timeout;
  private campaigning = false;
  private readonly keyPrefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly bus: EventBus,
    config: AppConfig,
  ) {
    this.keyPrefix = `${redisPrefixOf(config)}leader:`;
  }

  /**
   * Starts competing for `role` (idempotent); resolves once the first round has decided, or after a short wait
   * when Redis does not answer (start-up never hangs on it).
   */
  async claim(role: string): Promise<void> {
    if (!this.redis || this.roles.has(role)) return;
    this.roles.add(role);
    this.timer ??= setInterval(() => void this.campaign(), RENEW_MS).unref();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.campaign(), new Promise((resolve) => (timer = setTimeout(resolve, FIRST_ROUND_WAIT_MS)))]);
    clearTimeout(timer);
  }

  isLeader(role: string): boolean {
    return !this.redis || this.held.has(role);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (!this.redis) return;
    const released = Promise.all([...this.held].map((role) => this.redis!.eval(RELEASE_IF_MINE, 1, this.keyPrefix + role, this.bus.instanceId).catch(() => undefined)));
    this.held.clear();
    // an unresponsive Redis must not hold up shutdown: the lease then simply expires
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([released, new Promise((resolve) => (timer = setTimeout(resolve, FIRST_ROUND_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private async campaign(): Promise<void> {
    // a round stuck on an unresponsive Redis must not pile up behind itself
    if (this.campaigning) return;
    this.campaigning = true;
    try {
      await this.campaignOnce();
    } finally {
      this.campaigning = false;
    }
  }

  private async campaignOnce(): Promise<void> {
    for (const role of this.roles) {
      const key = this.keyPrefix + role;
      try {
        const won = (await this.redis!.set(key, this.bus.instanceId, 'PX', TTL_MS, 'NX')) === 'OK';
        const kept = won || (await this.redis!.eval(RENEW_IF_MINE, 1, key, this.bus.instanceId, String(TTL_MS))) === 1;
        if (kept && !this.held.has(role)) this.logger.log({ role }, 'Leading');
        if (kept) this.held.add(role);
        else this.held.delete(role);
      } catch (error) {
        // unsure whether the lease still holds: better no instance than two
        this.held.delete(role);
        this.logger.warn({ err: error, role }, 'Could not renew a leadership lease');
      }
    }
  }
}
