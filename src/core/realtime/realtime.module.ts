import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { REDIS_CLIENT, RedisClient, redisPrefixOf } from '../redis/redis.module';
import { EventBus, MemoryEventBus, RedisEventBus } from './event-bus';
import { Leadership } from './leadership';
import { WsRouter } from './ws-router';

/** The event bus (in memory, or Redis when REDIS_URL is set), the WebSocket router and leadership of once-per-deployment work. */
@Global()
@Module({
  providers: [
    {
      provide: EventBus,
      inject: [REDIS_CLIENT, AppConfig],
      useFactory: (redis: RedisClient, config: AppConfig): EventBus => (redis ? new RedisEventBus(redis, redisPrefixOf(config)) : new MemoryEventBus()),
    },
    WsRouter,
    Leadership,
  ],
  exports: [EventBus, WsRouter, Leadership],
})
export class RealtimeModule implements OnApplicationShutdown {
  constructor(@Inject(EventBus) private readonly bus: EventBus) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
