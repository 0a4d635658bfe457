import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { AgentEntity } from '../agents/entities/agent.entity';
import { ApprovalEntity } from '../approvals/entities/approval.entity';
import { BoardsModule } from '../boards/boards.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { TagsModule } from '../tags/tags.module';
import { TaskDependencyEntity } from './entities/task-dependency.entity';
import { TaskEntity } from './entities/task.entity';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** Tasks on boards, their dependencies, and the board rules every move goes through. */
@Module({
  imports: [
    TypeOrmModule.forFeature([TaskEntity, TaskDependencyEntity, AgentEntity, ApprovalEntity]),
    BoardsModule,
    TagsModule,
    CustomFieldsModule,
    ActivityModule,
  ],
  controllers: [TasksController],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
