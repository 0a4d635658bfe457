import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ConsoleModule } from './console/console.module';
import { CoreAuthModule } from './core/auth/auth.module';
import { AppConfig } from './core/config/app-config';
import { ConfigModule } from './core/config/config.module';
import { CryptoModule } from './core/crypto/crypto.module';
import { DatabaseModule } from './core/database/database.module';
import { MissionControlExceptionFilter } from './core/http/filters/mission-control-exception.filter';
import { IdempotencyModule } from './core/http/idempotency/idempotency.module';
import { JobsModule } from './core/jobs/jobs.module';
import { OutboundHttpModule } from './core/http/outbound-http.module';
import { PageInterceptor } from './core/http/pagination';
import { RateLimitModule } from './core/http/rate-limit';
import { createValidationPipe } from './core/http/validation';
import { LoggingModule } from './core/logging/logging.module';
import { RealtimeModule } from './core/realtime/realtime.module';
import { RedisModule } from './core/redis/redis.module';
import { MissionControlModule } from './mission-control/mission-control.module';
import { PanelModule } from './panel/panel.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraModules: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        JobsModule,
        OutboundHttpModule,
        CryptoModule,
        RedisModule,
        RealtimeModule,
        CoreAuthModule,
        RateLimitModule,
        IdempotencyModule,
        MissionControlModule,
        PanelModule,
        ...extraModules,
        // serves the browser console at /; it hooks in after every route is registered, so the APIs answer first
        ConsoleModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: MissionControlExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: PageInterceptor },
      ],
    };
  }
}
