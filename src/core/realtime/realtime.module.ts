import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { REDIS_CLIENT, RedisClient } from '../redis/redis.module';
import { EventBus, MemoryEventBus, RedisEventBus } from './event-bus';
import { Leadership } from './leadership';
import { WsRouter } from './ws-router';

/** The event bus (in memory, or Redis when REDIS_URL is set), the WebSocket router and leadership of once-per-deployment work. */
@Global()
@Module({
  providers: [
    {
      provide: EventBus,
      inject: [REDIS_CLIENT],
      useFactory: (redis: RedisClient): EventBus => (redis ? new RedisEventBus(redis) : new MemoryEventBus()),
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
