import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** M1: liveness and readiness probes. */
@Module({ controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
