import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { assertBoardAccess, assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { actorOf, AdminPrincipal, AgentPrincipal } from '../../core/auth/principal';
import type { JsonObject } from '../../core/database/base.entity';
import { fetchPage } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { EffectAlreadyRecorded, EffectOptions, JobEffects } from '../../core/jobs/job-effects';
import { Outbox } from '../../core/jobs/outbox';
import { ActivityService } from '../activity/activity.service';
import { MissionControlEvents } from '../domain-events';
import { TaskEntity } from '../tasks/entities/task.entity';
import { ApprovalDto, ApprovalListQueryDto, CreateApprovalDto, DecideApprovalDto } from './dto/approval.dto';
import { ApprovalEntity, ApprovalStatus } from './entities/approval.entity';

@Injectable()
export class ApprovalsService {
  constructor(
    @InjectRepository(ApprovalEntity) private readonly approvals: Repository<ApprovalEntity>,
    @InjectRepository(TaskEntity) private readonly tasks: Repository<TaskEntity>,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
    private readonly outbox: Outbox<MissionControlEvents>,
    private readonly effects: JobEffects,
  ) {}

  async list(principal: AdminPrincipal, query: ApprovalListQueryDto): Promise<Page<ApprovalDto>> {
    const builder = this.approvals.createQueryBuilder('a');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('a.organizationId = :organizationId', { organizationId });
    if (query.board_id) builder.andWhere('a.boardId = :boardId', { boardId: query.board_id });
    if (query.task_id) builder.andWhere('a.taskId = :taskId', { taskId: query.task_id });
    if (query.status) builder.andWhere('a.status = :status', { status: query.status });
    return (await fetchPage(builder, query, { created_at: 'createdAt' }, 'created_at')).map(ApprovalDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<ApprovalDto> {
    return ApprovalDto.from(await this.load(principal, id));
  }

  /** One pending approval per task: a second request while one waits is a 409. */
  /** `effectKey`: an engine's request, made once however often the engine retries (the first approval is answered). */
  async create(principal: AdminPrincipal | AgentPrincipal, dto: CreateApprovalDto, options: EffectOptions = {}): Promise<ApprovalDto> {
    const earlier = options.effectKey ? await this.effects.resultOf(this.dataSource.manager, options.effectKey) : undefined;
    if (earlier) return this.answerFor(earlier);
    const task = await this.tasks.findOneBy({ id: dto.task_id });
    if (!task) throw fieldError('task_id', 'task_id does not name an existing task');
    assertBoardAccess(principal, task);
    if (await this.approvals.existsBy({ taskId: task.id, status: 'pending' })) {
      throw new ConflictException({ detail: 'This task already has a pending approval' });
    }
    const actor = actorOf(principal);
    const approval = this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ApprovalEntity, {
          organizationId: task.organizationId,
          boardId: task.boardId,
          taskId: task.id,
          actionType: dto.action_type,
          payload: (dto.payload ?? {}) as JsonObject,
          confidence: dto.confidence ?? null,
          requestedByType: actor.type,
          requestedById: actor.id,
        }),
      );
      await this.activity.record(manager, {
        actor,
        action: 'approval.requested',
        organizationId: saved.organizationId,
        target: { type: 'approval', id: saved.id },
        boardId: saved.boardId,
        summary: `Approval for ${saved.actionType} on task "${task.title}" requested`,
      });
      const created = ApprovalDto.from(saved);
      await this.outbox.record(manager, 'approval.created', { approval: created, actor }, saved.organizationId);
      if (options.effectKey) await this.effects.record(manager, options.effectKey, { approval_id: created.id });
      return created;
    });
    return approval.catch(async (error: unknown) => {
      if (!(error instanceof EffectAlreadyRecorded) || error.key !== options.effectKey) throw error;
      return this.answerFor(error.result);
    });
  }

  private async answerFor(effect: JsonObject): Promise<ApprovalDto> {
    return ApprovalDto.from(await this.approvals.findOneByOrFail({ id: String(effect.approval_id) }));
  }

  approve(principal: AdminPrincipal, id: string, dto: DecideApprovalDto): Promise<ApprovalDto> {
    return this.decide(principal, id, 'approved', dto.note);
  }

  reject(principal: AdminPrincipal, id: string, dto: DecideApprovalDto): Promise<ApprovalDto> {
    return this.decide(principal, id, 'rejected', dto.note);
  }

  /**
   * Withdraws a pending approval for whoever opened it (a cancelled pipeline run): it becomes `cancelled` and can no
   * longer be decided. No `approval.decided` event: nobody decided, and its listeners act on decisions. Null when
   * it was no longer pending (decided, or withdrawn already).
   */
  cancel(principal: AdminPrincipal, id: string, reason: string): Promise<ApprovalDto | null> {
    return this.conclude(principal, id, 'cancelled', reason);
  }

  /** A decision is taken once: the conditional update lets exactly one of two concurrent deciders win. */
  private async decide(principal: AdminPrincipal, id: string, status: 'approved' | 'rejected', note?: string): Promise<ApprovalDto> {
    const decided = await this.conclude(principal, id, status, note);
    if (decided) return decided;
    const approval = await this.load(principal, id);
    throw new ConflictException({ detail: `This approval was already ${approval.status}` });
  }

  /** Moves a pending approval to its final status, with its activity row (and event, for a decision); null when it was not pending. */
  private async conclude(principal: AdminPrincipal, id: string, status: Exclude<ApprovalStatus, 'pending'>, note?: string): Promise<ApprovalDto | null> {
    const approval = await this.load(principal, id);
    const actor = actorOf(principal);
    return this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        ApprovalEntity,
        { id: approval.id, status: 'pending' },
        { status, decidedByType: actor.type, decidedById: actor.id, decidedAt: new Date(), decisionNote: note ?? null },
      );
      if (!result.affected) return null;
      await this.activity.record(manager, {
        actor,
        action: `approval.${status}`,
        organizationId: approval.organizationId,
        target: { type: 'approval', id: approval.id },
        boardId: approval.boardId,
        summary: `Approval for ${approval.actionType} ${status}`,
        changes: note ? { note } : {},
      });
      const after = ApprovalDto.from(await manager.findOneByOrFail(ApprovalEntity, { id: approval.id }));
      if (status !== 'cancelled') await this.outbox.record(manager, 'approval.decided', { approval: after, decision: status, actor }, approval.organizationId);
      return after;
    });
  }

  private async load(principal: AdminPrincipal, id: string): Promise<ApprovalEntity> {
    const approval = await this.approvals.findOneBy({ id });
    if (!approval) throw new NotFoundException({ detail: 'Approval not found' });
    assertOrganizationAccess(principal, approval.organizationId);
    return approval;
  }
}
