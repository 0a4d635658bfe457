import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobEffectEntity } from './job-effect.entity';
import { JobEffects } from './job-effects';
import { JobEngine } from './job-engine';
import { Outbox } from './outbox';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxMaintenance } from './outbox-maintenance';
import { OutboxEventEntity } from './outbox-event.entity';

/** The outbox, the durable job engine and exactly-once effects (DESIGN §12), for every module. */
@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([OutboxEventEntity, JobEffectEntity])],
  providers: [JobEngine, OutboxDispatcher, OutboxMaintenance, Outbox, JobEffects],
  exports: [JobEngine, OutboxDispatcher, Outbox, JobEffects],
})
export class JobsModule {}
