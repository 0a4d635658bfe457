import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './core/config/app-config';
import { configureBodyParsing } from './core/http/body-parsing';
import { StorableInputGuard } from './core/http/storable-input';
import { setupSwagger } from './core/http/swagger';
import { calendarDocumentation } from './mission-control/calendar/calendar-documentation';
import { commandCenterDocumentation } from './mission-control/command-center/command-center-documentation';
import { domainEventsDocumentation } from './mission-control/domain-events';
import { proactiveDocumentation } from './mission-control/proactive-rules/proactive-documentation';

/** Everything the running service and the end-to-end tests share: one app, configured one way (tests may add modules). */
export async function createApp(config: AppConfig, extraModules: Type[] = []): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, extraModules), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // JSON answers change with every write; hashing each body for an ETag costs more than it saves
  app.set('etag', false);
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.enableCors({ exposedHeaders: ['X-Total-Count', 'X-Limit', 'X-Offset', 'X-Request-Id'] });
  configureBodyParsing(app, config.bodyLimit);
  // after the authentication guard (an APP_GUARD, registered while the app was created)
  app.useGlobalGuards(new StorableInputGuard());
  setupSwagger(app, [domainEventsDocumentation(), proactiveDocumentation(), calendarDocumentation(), commandCenterDocumentation()]);
  return app;
}
