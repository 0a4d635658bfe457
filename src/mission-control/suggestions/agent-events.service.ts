import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { AgentPrincipal } from '../../core/auth/principal';
import type { JsonObject } from '../../core/database/base.entity';
import { fieldError } from '../../core/http/api-errors';
import { Outbox } from '../../core/jobs/outbox';
import { AgentEntity } from '../agents/entities/agent.entity';
import { agentRefOf, MissionControlEvents } from '../domain-events';
import { BoardsService } from '../boards/boards.service';
import { UsageService } from '../usage/usage.service';
import { TaskEntity } from '../tasks/entities/task.entity';
import { AgentEventDto, ReportAgentEventDto } from './dto/agent-event.dto';
import { AgentEventEntity } from './entities/agent-event.entity';

const MAX_PAYLOAD_BYTES = 64 * 1024;

@Injectable()
export class AgentEventsService {
  constructor(
    private readonly boards: BoardsService,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox<MissionControlEvents>,
    private readonly usage: UsageService,
  ) {}

  /** Stores a report about the agent's own board (the agent's board when none is named). */
  async report(agent: AgentPrincipal, dto: ReportAgentEventDto): Promise<AgentEventDto> {
    if (agent.boardId && dto.board_id && dto.board_id !== agent.boardId) {
      throw new ForbiddenException({ detail: 'An agent may only report events for its own board' });
    }
    if (dto.board_id && !agent.boardId) await this.boards.assertInOrganization(dto.board_id, agent.organizationId);
    if (Buffer.byteLength(JSON.stringify(dto.payload ?? {})) > MAX_PAYLOAD_BYTES) {
      throw fieldError('payload', `payload must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON`);
    }
    if (dto.usage && dto.task_id) await this.assertTaskInOrganization(dto.task_id, agent.organizationId);
    const event = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(AgentEventEntity, {
          organizationId: agent.organizationId,
          agentId: agent.agentId,
          boardId: dto.board_id ?? agent.boardId,
          taskId: dto.task_id ?? null,
          eventType: dto.event_type,
          payload: (dto.payload ?? {}) as JsonObject,
        }),
      );
      if (dto.usage) {
        await this.usage.record(manager, {
          organizationId: agent.organizationId,
          agentId: agent.agentId,
          taskId: saved.taskId,
          inputTokens: dto.usage.input_tokens,
          outputTokens: dto.usage.output_tokens,
          costUsd: dto.usage.cost_usd ?? 0,
          model: dto.usage.model ?? null,
          at: saved.createdAt,
        });
      }
      const reporter = await manager.findOneByOrFail(AgentEntity, { id: agent.agentId });
      await this.outbox.record(
        manager,
        'agent.event',
        { event_id: saved.id, agent: agentRefOf(reporter), event_type: saved.eventType, board_id: saved.boardId, task_id: saved.taskId, payload: saved.payload },
        saved.organizationId,
      );
      return saved;
    });
    return AgentEventDto.from(event);
  }

  /** Usage is filed under the task, so the task must be one of the agent's organization. */
  private async assertTaskInOrganization(taskId: string, organizationId: string): Promise<void> {
    const task = await this.dataSource.manager.findOne(TaskEntity, { where: { id: taskId }, select: { id: true, organizationId: true } });
    if (!task || task.organizationId !== organizationId) throw fieldError('task_id', "task_id does not name a task of the agent's organization");
  }
}
