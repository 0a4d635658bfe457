import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { Actor, actorOf, AdminPrincipal, AgentPrincipal } from '../../core/auth/principal';
import type { JsonObject } from '../../core/database/base.entity';
import { AfterCommit } from '../../core/database/after-commit';
import { fetchPage } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { JobContext } from '../../core/jobs/job.decorators';
import { JobEngine } from '../../core/jobs/job-engine';
import { AppConfig } from '../../core/config/app-config';
import { EventBus } from '../../core/realtime/event-bus';
import { ActivityRecord, ActivityService } from '../activity/activity.service';
import { BoardsService } from '../boards/boards.service';
import { MissionControlJobs, OnMissionControlJob } from '../domain-events';
import { TaskEntity } from '../tasks/entities/task.entity';
import { boardChannel } from '../tasks/task-events';
import { ActionExecutor } from './actions/action-executor.service';
import { ActionFailed } from './actions/action-failure';
import type { ActionSpec } from './actions/action-types';
import { DecideSuggestionDto, ReportSuggestionDto, SUGGESTION_SORT, SuggestionDto, SuggestionListQueryDto } from './dto/suggestion.dto';
import { SuggestionEntity, SuggestionPriority, SuggestionSource } from './entities/suggestion.entity';
import { SuggestionAnnouncement, SuggestionBoardEvent, SUGGESTIONS_CHANNEL } from './suggestion-events';

/** A suggestion about to be stored (by a rule or an agent report). */
export interface NewSuggestion {
  organizationId: string;
  boardId: string | null;
  taskId: string | null;
  agentId: string | null;
  ruleId: string | null;
  source: SuggestionSource;
  title: string;
  description: string | null;
  priority: SuggestionPriority;
  confidence: number | null;
  action: ActionSpec | null;
  /** Minutes until it expires; default SUGGESTION_TTL_MINUTES. */
  expiresInMinutes?: number;
  payload?: JsonObject;
  actor: Actor;
}

/** Which suggestions a stream shows. */
export interface SuggestionScope {
  organizationId?: string;
  boardId?: string;
}

const MAX_PAYLOAD_BYTES = 64 * 1024;
const SYSTEM: Actor = { type: 'system', id: null };
const EXPIRE_BATCH = 500;
// the job that finishes an accepted suggestion's action if the request could not (a crash, a failure worth retrying)
const EXECUTE_RETRY_AFTER_SECONDS = 10;

@Injectable()
export class SuggestionsService {
  private readonly logger = new Logger('Suggestions');

  constructor(
    @InjectRepository(SuggestionEntity) private readonly suggestions: Repository<SuggestionEntity>,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
    private readonly bus: EventBus,
    private readonly afterCommit: AfterCommit,
    private readonly jobs: JobEngine,
    private readonly executor: ActionExecutor,
    private readonly boards: BoardsService,
    private readonly config: AppConfig,
  ) {}

  async list(principal: AdminPrincipal, query: SuggestionListQueryDto): Promise<Page<SuggestionDto>> {
    const builder = this.suggestions.createQueryBuilder('s');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('s.organizationId = :organizationId', { organizationId });
    if (query.status) builder.andWhere('s.status = :status', { status: query.status });
    if (query.board_id) builder.andWhere('s.boardId = :boardId', { boardId: query.board_id });
    if (query.priority) builder.andWhere('s.priority = :priority', { priority: query.priority });
    return (await fetchPage(builder, query, SUGGESTION_SORT, 'created_at')).map(SuggestionDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<SuggestionDto> {
    return SuggestionDto.from(await this.load(principal, id));
  }

  /** Stores a suggestion in the caller's transaction, with its audit row; streams and boards hear of it after the commit. */
  async create(manager: EntityManager, input: NewSuggestion): Promise<SuggestionDto> {
    return (await this.createMany(manager, [input]))[0];
  }

  /** As `create`, for many: one statement for the suggestions and one for their audit rows. */
  async createMany(manager: EntityManager, inputs: NewSuggestion[]): Promise<SuggestionDto[]> {
    if (inputs.length === 0) return [];
    const now = Date.now();
    const saved = await manager.save(
      inputs.map((input) =>
        manager.create(SuggestionEntity, {
          organizationId: input.organizationId,
          boardId: input.boardId,
          taskId: input.taskId,
          agentId: input.agentId,
          ruleId: input.ruleId,
          source: input.source,
          title: input.title.slice(0, 200),
          description: input.description?.slice(0, 2000) ?? null,
          priority: input.priority,
          confidence: input.confidence,
          status: 'pending',
          action: input.action,
          result: null,
          payload: input.payload ?? {},
          expiresAt: new Date(now + (input.expiresInMinutes ?? this.config.proactive.suggestionTtlMinutes) * 60_000),
          decidedAt: null,
        }),
      ),
    );
    await this.activity.recordMany(
      manager,
      saved.map((suggestion, index) =>
        this.auditRecord(suggestion, inputs[index].actor, 'suggestion.created', `Suggestion "${suggestion.title}" (${suggestion.priority}) from ${suggestion.source === 'rule' ? 'a rule' : 'an agent'}`, {
          source: suggestion.source,
          rule_id: suggestion.ruleId,
          task_id: suggestion.taskId,
          action: suggestion.action?.type ?? null,
          ...(inputs[index].payload ? { payload: inputs[index].payload } : {}),
        }),
      ),
    );
    const suggestions = saved.map((suggestion) => SuggestionDto.from(suggestion));
    this.afterCommit.run(manager, () => suggestions.forEach((suggestion, index) => this.announce(suggestion, saved[index].streamSeq)));
    return suggestions;
  }

  /** `POST /api/v1/agent/suggestions`: about the agent's own board (the agent's board when none is named). */
  async report(agent: AgentPrincipal, dto: ReportSuggestionDto): Promise<SuggestionDto> {
    if (agent.boardId && dto.board_id && dto.board_id !== agent.boardId) {
      throw new ForbiddenException({ detail: 'An agent may only report suggestions for its own board' });
    }
    if (dto.board_id && !agent.boardId) await this.boards.assertInOrganization(dto.board_id, agent.organizationId);
    const boardId = dto.board_id ?? agent.boardId;
    if (dto.task_id) {
      const task = await this.dataSource.manager.findOneBy(TaskEntity, { id: dto.task_id, organizationId: agent.organizationId });
      if (!task) throw fieldError('task_id', 'task_id does not name a task of this organization');
      if (boardId && task.boardId !== boardId) throw new ForbiddenException({ detail: "That task is outside the agent's board" });
    }
    if (Buffer.byteLength(JSON.stringify(dto.payload ?? {})) > MAX_PAYLOAD_BYTES) {
      throw fieldError('payload', `payload must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON`);
    }
    return this.dataSource.transaction((manager) =>
      this.create(manager, {
        organizationId: agent.organizationId,
        boardId,
        taskId: dto.task_id ?? null,
        agentId: agent.agentId,
        ruleId: null,
        source: 'agent',
        title: dto.title.trim(),
        description: dto.description ?? null,
        priority: dto.priority ?? 'medium',
        confidence: dto.confidence ?? null,
        action: null,
        payload: dto.payload,
        actor: actorOf(agent),
      }),
    );
  }

  /**
   * Accepting runs the suggestion's action (then `executed`, or `failed` with the reason); without one it is
   * `accepted`. The decision and a job that would finish the action commit together, so a crash between them
   * still ends with the action done once; a failure worth retrying is left to that job.
   */
  async accept(principal: AdminPrincipal, id: string, dto: DecideSuggestionDto): Promise<SuggestionDto> {
    const suggestion = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await this.decide(manager, suggestion, 'accepted', actorOf(principal), dto.reason);
      if (suggestion.action) {
        await this.jobs.send<MissionControlJobs, 'suggestions.execute'>(
          'suggestions.execute',
          { suggestion_id: id },
          { manager, startAfterSeconds: EXECUTE_RETRY_AFTER_SECONDS },
        );
      }
    });
    if (suggestion.action) await this.runAction(id, 'inline');
    return this.updated(id);
  }

  async dismiss(principal: AdminPrincipal, id: string, dto: DecideSuggestionDto): Promise<SuggestionDto> {
    const suggestion = await this.load(principal, id);
    await this.dataSource.transaction((manager) => this.decide(manager, suggestion, 'dismissed', actorOf(principal), dto.reason));
    return this.updated(id);
  }

  @OnMissionControlJob('suggestions.execute', { retryLimit: 4, retryDelaySeconds: 5 })
  async executeAccepted(job: MissionControlJobs['suggestions.execute'], context: JobContext): Promise<void> {
    const finished = await this.runAction(job.suggestion_id, context.lastAttempt ? 'last-attempt' : 'retry');
    if (finished) this.announceUpdate(SuggestionDto.from(finished));
  }

  /** Marks pending suggestions whose time is up as `expired`; answers how many. */
  async expireDue(now: Date): Promise<number> {
    let expired = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await manager
          .createQueryBuilder(SuggestionEntity, 's')
          .where("s.status = 'pending' AND s.expiresAt <= :now", { now })
          .orderBy('s.expiresAt', 'ASC')
          .limit(EXPIRE_BATCH)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        if (due.length === 0) return [];
        await manager.update(SuggestionEntity, { id: In(due.map((s) => s.id)) }, { status: 'expired' });
        for (const suggestion of due) {
          suggestion.status = 'expired';
          await this.audit(manager, suggestion, SYSTEM, 'suggestion.expired', `Suggestion "${suggestion.title}" expired undecided`);
        }
        return due;
      });
      for (const suggestion of batch) this.announceUpdate(SuggestionDto.from(suggestion));
      expired += batch.length;
      if (batch.length < EXPIRE_BATCH) return expired;
    }
  }

  /** What a stream missed after `afterSeq`: at most `limit`, the newest, oldest first. */
  async missedSince(scope: SuggestionScope, afterSeq: string, limit: number): Promise<SuggestionAnnouncement[]> {
    const builder = this.suggestions.createQueryBuilder('s').where('s.streamSeq > :afterSeq', { afterSeq });
    if (scope.organizationId) builder.andWhere('s.organizationId = :organizationId', { organizationId: scope.organizationId });
    if (scope.boardId) builder.andWhere('s.boardId = :boardId', { boardId: scope.boardId });
    const rows = await builder.orderBy('s.streamSeq', 'DESC').limit(limit).getMany();
    return rows.reverse().map((row) => ({ suggestion: SuggestionDto.from(row), seq: row.streamSeq }));
  }

  /** The conditional update lets exactly one of two concurrent decisions win; an expired suggestion takes none. */
  private async decide(manager: EntityManager, suggestion: SuggestionEntity, status: 'accepted' | 'dismissed', actor: Actor, reason?: string): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(SuggestionEntity)
      .set({ status, decidedAt: () => 'now()', result: () => ':result::jsonb' })
      .where("id = :id AND status = 'pending' AND (expires_at IS NULL OR expires_at > now())", { id: suggestion.id, result: JSON.stringify(reason ? { reason } : {}) })
      .execute();
    if (!result.affected) {
      const current = await manager.findOneByOrFail(SuggestionEntity, { id: suggestion.id });
      throw new ConflictException({ detail: current.status === 'pending' ? 'This suggestion has expired' : `This suggestion was already ${current.status}` });
    }
    await this.audit(manager, suggestion, actor, `suggestion.${status}`, `Suggestion "${suggestion.title}" ${status}`, reason ? { reason } : {});
  }

  /**
   * Runs an accepted suggestion's action once (its effect key is the suggestion's). `inline` (the accept request)
   * leaves a failure worth retrying to the job; `retry` throws it so the job backs off; `last-attempt` records it.
   * Answers the suggestion when this call settled it.
   */
  private async runAction(id: string, mode: 'inline' | 'retry' | 'last-attempt'): Promise<SuggestionEntity | undefined> {
    const suggestion = await this.suggestions.findOneBy({ id });
    if (!suggestion?.action || suggestion.status !== 'accepted') return undefined;
    const decision = suggestion.result ?? {};
    try {
      const output = await this.executor.execute(suggestion.action, this.contextOf(suggestion), `suggestion:${suggestion.id}`);
      return await this.settle(suggestion, 'executed', { ...decision, output }, `Suggestion "${suggestion.title}": ${suggestion.action.type} done`);
    } catch (error) {
      const failure = ActionFailed.from(error);
      if (!failure.permanent && mode !== 'last-attempt') {
        if (mode === 'retry') throw failure;
        this.logger.warn(`Suggestion ${id}: ${suggestion.action.type} failed, retrying in the background: ${failure.message}`);
        return undefined;
      }
      return this.settle(suggestion, 'failed', { ...decision, error: failure.message }, `Suggestion "${suggestion.title}": ${suggestion.action.type} failed: ${failure.message}`);
    }
  }

  private async settle(suggestion: SuggestionEntity, status: 'executed' | 'failed', result: JsonObject, summary: string): Promise<SuggestionEntity | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const updated = await manager.update(SuggestionEntity, { id: suggestion.id, status: 'accepted' }, { status, result });
      if (!updated.affected) return undefined;
      await this.audit(manager, suggestion, SYSTEM, `suggestion.${status}`, summary.slice(0, 1000), result);
      return manager.findOneByOrFail(SuggestionEntity, { id: suggestion.id });
    });
  }

  /** The audit row of something that happened to a suggestion, in the same transaction. */
  private audit(manager: EntityManager, suggestion: SuggestionEntity, actor: Actor, action: string, summary: string, changes: JsonObject = {}): Promise<void> {
    return this.activity.record(manager, this.auditRecord(suggestion, actor, action, summary, changes));
  }

  private auditRecord(suggestion: SuggestionEntity, actor: Actor, action: string, summary: string, changes: JsonObject = {}): ActivityRecord {
    return { actor, action, organizationId: suggestion.organizationId, target: { type: 'suggestion', id: suggestion.id }, boardId: suggestion.boardId, summary, changes };
  }

  private contextOf(suggestion: SuggestionEntity) {
    return {
      organizationId: suggestion.organizationId,
      boardId: suggestion.boardId,
      taskId: suggestion.taskId,
      agentId: suggestion.agentId,
      data: { suggestion: SuggestionDto.from(suggestion) },
      label: `suggestion "${suggestion.title}"`,
    };
  }

  private async updated(id: string): Promise<SuggestionDto> {
    const suggestion = SuggestionDto.from(await this.suggestions.findOneByOrFail({ id }));
    this.announceUpdate(suggestion);
    return suggestion;
  }

  private async load(principal: AdminPrincipal, id: string): Promise<SuggestionEntity> {
    const suggestion = await this.suggestions.findOneBy({ id });
    if (!suggestion) throw new NotFoundException({ detail: 'Suggestion not found' });
    assertOrganizationAccess(principal, suggestion.organizationId);
    return suggestion;
  }

  private announce(suggestion: SuggestionDto, seq: string): void {
    this.publish(SUGGESTIONS_CHANNEL, 'suggestion.new', { suggestion, seq } satisfies SuggestionAnnouncement);
    if (suggestion.board_id) this.publish(boardChannel(suggestion.board_id), 'suggestion.new', { suggestion } satisfies SuggestionBoardEvent);
  }

  private announceUpdate(suggestion: SuggestionDto): void {
    if (suggestion.board_id) this.publish(boardChannel(suggestion.board_id), 'suggestion.updated', { suggestion } satisfies SuggestionBoardEvent);
  }

  /** Live frames are best effort (a missed one is replayed from the database); a bus failure must not fail the write. */
  private publish(channel: string, type: string, payload: object): void {
    this.bus.publish(channel, type, payload).catch((error: Error) => this.logger.warn(`Could not publish ${type}: ${error.message}`));
  }
}
