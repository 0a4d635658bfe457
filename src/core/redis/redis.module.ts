import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export type RedisClient = Redis | null;

/** What every Redis key and channel of this deployment starts with. */
export const redisPrefixOf = (config: AppConfig) => `mc:${config.redisNamespace}:`;

/** One shared Redis connection when REDIS_URL is set; `null` means single-instance mode. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig],
      useFactory: (config: AppConfig): RedisClient => {
        if (!config.redisUrl) return null;
        // required here, not at the top: a single instance never loads the client (start time and memory)
        const { default: RedisConnection } = require('ioredis') as typeof import('ioredis');
        return new RedisConnection(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
      },
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis || this.redis.status === 'end') return;
    // QUIT would wait in the offline queue forever while the server is unreachable
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis.disconnect();
  }
}
