import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { TaskEntity } from '../tasks/entities/task.entity';
import { AgentApprovalsController } from './agent-approvals.controller';
import { ApprovalsController } from './approvals.controller';
import { ApprovalsService } from './approvals.service';
import { ApprovalEntity } from './entities/approval.entity';

/** Approval requests on tasks; an approved one opens `done` on boards that require it. */
@Module({
  imports: [TypeOrmModule.forFeature([ApprovalEntity, TaskEntity]), ActivityModule],
  controllers: [ApprovalsController, AgentApprovalsController],
  providers: [ApprovalsService],
  exports: [ApprovalsService],
})
export class ApprovalsModule {}
