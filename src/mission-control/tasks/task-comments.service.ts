import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { actorOf, AdminPrincipal, AgentPrincipal } from '../../core/auth/principal';
import { fetchPage } from '../../core/database/query-helpers';
import { Page, PageQueryDto } from '../../core/http/pagination';
import { ActivityService } from '../activity/activity.service';
import { CreateTaskCommentDto, TaskCommentDto } from './dto/task-comment.dto';
import { TaskCommentEntity } from './entities/task-comment.entity';
import { TasksService } from './tasks.service';

/** The conversation on a task, between admins and the agents of its board. */
@Injectable()
export class TaskCommentsService {
  constructor(
    @InjectRepository(TaskCommentEntity) private readonly comments: Repository<TaskCommentEntity>,
    private readonly tasks: TasksService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal | AgentPrincipal, taskId: string, query: PageQueryDto): Promise<Page<TaskCommentDto>> {
    const task = await this.tasks.load(principal, taskId);
    const builder = this.comments.createQueryBuilder('c').where('c.taskId = :taskId', { taskId: task.id });
    return (await fetchPage(builder, { ...query, order: 'asc' }, { created_at: 'createdAt' }, 'created_at')).map(TaskCommentDto.from);
  }

  async create(principal: AdminPrincipal | AgentPrincipal, taskId: string, dto: CreateTaskCommentDto): Promise<TaskCommentDto> {
    const task = await this.tasks.load(principal, taskId);
    const actor = actorOf(principal);
    const comment = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(TaskCommentEntity, {
          organizationId: task.organizationId,
          taskId: task.id,
          body: dto.body,
          authorType: actor.type,
          authorId: actor.id,
        }),
      );
      await this.activity.record(manager, {
        actor,
        action: 'task.commented',
        organizationId: task.organizationId,
        target: { type: 'task', id: task.id },
        boardId: task.boardId,
        summary: `Comment on task "${task.title}"`,
      });
      return saved;
    });
    return TaskCommentDto.from(comment);
  }
}
