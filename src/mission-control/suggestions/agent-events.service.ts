import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AgentPrincipal } from '../../core/auth/principal';
import type { JsonObject } from '../../core/database/base.entity';
import { fieldError } from '../../core/http/api-errors';
import { AgentEventDto, ReportAgentEventDto } from './dto/agent-event.dto';
import { AgentEventEntity } from './entities/agent-event.entity';

const MAX_PAYLOAD_BYTES = 64 * 1024;

@Injectable()
export class AgentEventsService {
  constructor(@InjectRepository(AgentEventEntity) private readonly events: Repository<AgentEventEntity>) {}

  /** Stores a report; a retry with the same Idempotency-Key returns the first one (`created: false`). */
  async report(
    agent: AgentPrincipal,
    dto: ReportAgentEventDto,
    idempotencyKey?: string,
  ): Promise<{ created: boolean; event: AgentEventDto }> {
    if (agent.boardId && dto.board_id && dto.board_id !== agent.boardId) {
      throw new ForbiddenException({ detail: 'An agent may only report events for its own board' });
    }
    if (Buffer.byteLength(JSON.stringify(dto.payload ?? {})) > MAX_PAYLOAD_BYTES) {
      throw fieldError('payload', `payload must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON`);
    }
    if (idempotencyKey) {
      const earlier = await this.events.findOneBy({ agentId: agent.agentId, idempotencyKey });
      if (earlier) return { created: false, event: AgentEventDto.from(earlier) };
    }
    const inserted = await this.events
      .createQueryBuilder()
      .insert()
      .values({
        organizationId: agent.organizationId,
        agentId: agent.agentId,
        boardId: dto.board_id ?? agent.boardId,
        taskId: dto.task_id ?? null,
        eventType: dto.event_type,
        payload: (dto.payload ?? {}) as JsonObject,
        idempotencyKey: idempotencyKey ?? null,
      })
      .orIgnore()
      .returning('*')
      .execute();
    const created = inserted.raw.length > 0;
    const row = created
      ? await this.events.findOneByOrFail({ id: inserted.raw[0].id })
      : await this.events.findOneByOrFail({ agentId: agent.agentId, idempotencyKey: idempotencyKey! });
    return { created, event: AgentEventDto.from(row) };
  }
}
