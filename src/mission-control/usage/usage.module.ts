import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentUsageEntity } from './entities/agent-usage.entity';
import { UsageService } from './usage.service';

/** Token and cost accounting, fed by agent reports and by the gateway's final chat events. */
@Module({ imports: [TypeOrmModule.forFeature([AgentUsageEntity])], providers: [UsageService], exports: [UsageService] })
export class UsageModule {}
