import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { AgentEntity } from '../agents/entities/agent.entity';
import { ApprovalsModule } from '../approvals/approvals.module';
import { BoardsModule } from '../boards/boards.module';
import { GatewaysModule } from '../gateways/gateways.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TaskEntity } from '../tasks/entities/task.entity';
import { TasksModule } from '../tasks/tasks.module';
import { PipelineEntity } from './entities/pipeline.entity';
import { PipelineRunEntity } from './entities/pipeline-run.entity';
import { PipelineEngine } from './pipeline-engine.service';
import { PipelineRunsService } from './pipeline-runs.service';
import { PipelineTriggers } from './pipeline-triggers.service';
import { PipelineRunsController, PipelinesController, PipelineTemplatesController } from './pipelines.controller';
import { PipelinesService } from './pipelines.service';
import { RunJournal } from './run-journal.service';
import { StageEffects } from './stage-effects.service';

/** M10 workflow pipelines: definitions, templates, triggers, and runs moved on by durable jobs. */
@Module({
  imports: [
    TypeOrmModule.forFeature([PipelineEntity, PipelineRunEntity, AgentEntity, TaskEntity]),
    ActivityModule,
    BoardsModule,
    OrganizationsModule,
    TasksModule,
    ApprovalsModule,
    GatewaysModule,
  ],
  controllers: [PipelinesController, PipelineRunsController, PipelineTemplatesController],
  providers: [PipelinesService, PipelineRunsService, RunJournal, StageEffects, PipelineEngine, PipelineTriggers],
})
export class PipelinesModule {}
