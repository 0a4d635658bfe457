import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { JobsController } from './jobs.controller';

/** M1: liveness and readiness probes, and the durable job queues for operators. */
@Module({ controllers: [HealthController, JobsController], providers: [HealthService] })
export class HealthModule {}
