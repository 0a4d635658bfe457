import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { AgentEntity } from '../agents/entities/agent.entity';
import { ApprovalEntity } from '../approvals/entities/approval.entity';
import { BoardsModule } from '../boards/boards.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { TagsModule } from '../tags/tags.module';
import { AdminAuthModule } from '../auth/auth.module';
import { AgentTasksController } from './agent-tasks.controller';
import { BoardSyncGateway } from './board-sync.gateway';
import { TaskCommentEntity } from './entities/task-comment.entity';
import { TaskDependencyEntity } from './entities/task-dependency.entity';
import { TaskEntity } from './entities/task.entity';
import { TaskCommentsController } from './task-comments.controller';
import { TaskCommentsService } from './task-comments.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** Tasks on boards, their dependencies, and the board rules every move goes through. */
@Module({
  imports: [
    TypeOrmModule.forFeature([TaskEntity, TaskDependencyEntity, TaskCommentEntity, AgentEntity, ApprovalEntity]),
    BoardsModule,
    TagsModule,
    CustomFieldsModule,
    ActivityModule,
    AdminAuthModule,
  ],
  controllers: [TasksController, TaskCommentsController, AgentTasksController],
  providers: [TasksService, TaskCommentsService, BoardSyncGateway],
  exports: [TasksService],
})
export class TasksModule {}
