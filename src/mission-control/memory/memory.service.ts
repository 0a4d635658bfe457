import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { actorOf, AdminPrincipal, AgentPrincipal } from '../../core/auth/principal';
import { applyPatch, fetchPage, likePattern } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { BoardGroupsService } from '../boards/board-groups.service';
import { BoardsService } from '../boards/boards.service';
import { BoardEntity } from '../boards/entities/board.entity';
import { CreateMemoryDto, MemoryEntryDto, MemoryListQueryDto, UpdateMemoryDto } from './dto/memory.dto';
import { MemoryEntryEntity } from './entities/memory-entry.entity';

export type MemoryOwner = 'board' | 'board_group';
type Principal = AdminPrincipal | AgentPrincipal;

interface Scope {
  organizationId: string;
  boardId: string | null;
  boardGroupId: string | null;
}

/** The persistent notes of a board or a board group; an agent reaches only its own board's. */
const entrySubject = (x: MemoryEntryEntity): AuditSubject => ({ type: 'memory_entry', id: x.id, organizationId: x.organizationId, boardId: x.boardId });

@Injectable()
export class MemoryService {
  constructor(
    @InjectRepository(MemoryEntryEntity) private readonly entries: Repository<MemoryEntryEntity>,
    @InjectRepository(BoardEntity) private readonly boardRows: Repository<BoardEntity>,
    private readonly boards: BoardsService,
    private readonly groups: BoardGroupsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: Principal, owner: MemoryOwner, ownerId: string, query: MemoryListQueryDto): Promise<Page<MemoryEntryDto>> {
    const scope = await this.scope(principal, owner, ownerId);
    const builder = this.entries.createQueryBuilder('m');
    this.whereScope(builder, scope);
    if (query.tag) builder.andWhere(':tag = ANY(m.tags)', { tag: query.tag });
    if (query.is_chat !== undefined) builder.andWhere('m.isChat = :isChat', { isChat: query.is_chat });
    if (query.q) builder.andWhere('m.content ILIKE :q', { q: likePattern(query.q) });
    return (await fetchPage(builder, query, { created_at: 'createdAt' }, 'created_at')).map(MemoryEntryDto.from);
  }

  async create(principal: Principal, owner: MemoryOwner, ownerId: string, dto: CreateMemoryDto): Promise<MemoryEntryDto> {
    const scope = await this.scope(principal, owner, ownerId);
    const actor = actorOf(principal);
    const entry = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(MemoryEntryEntity, {
          ...scope,
          content: dto.content,
          tags: dto.tags ?? [],
          source: dto.source ?? (principal.scheme === AuthScheme.Agent ? 'agent' : 'manual'),
          isChat: dto.is_chat ?? false,
          createdByType: actor.type,
          createdById: actor.id,
        }),
      );
      await this.activity.recordChange(manager, principal, entrySubject(saved), 'memory.created', `Memory note added to the ${owner.replace('_', ' ')}`);
      return saved;
    });
    return MemoryEntryDto.from(entry);
  }

  async get(principal: Principal, owner: MemoryOwner, ownerId: string, entryId: string): Promise<MemoryEntryDto> {
    return MemoryEntryDto.from(await this.load(principal, owner, ownerId, entryId));
  }

  async update(principal: Principal, owner: MemoryOwner, ownerId: string, entryId: string, dto: UpdateMemoryDto): Promise<MemoryEntryDto> {
    const entry = await this.load(principal, owner, ownerId, entryId);
    const patch = { content: dto.content, tags: dto.tags };
    const changes = changedFields(entry, patch);
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(entry, patch);
      const result = await manager.save(entry);
      await this.activity.recordChange(manager, principal, entrySubject(result), 'memory.updated', 'Memory note updated', changes);
      return result;
    });
    return MemoryEntryDto.from(saved);
  }

  async remove(principal: Principal, owner: MemoryOwner, ownerId: string, entryId: string): Promise<void> {
    const entry = await this.load(principal, owner, ownerId, entryId);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(MemoryEntryEntity, { id: entry.id });
      await this.activity.recordChange(manager, principal, entrySubject(entry), 'memory.deleted', 'Memory note deleted');
    });
  }

  private async scope(principal: Principal, owner: MemoryOwner, ownerId: string): Promise<Scope> {
    if (principal.scheme === AuthScheme.Agent) {
      if (owner !== 'board' || principal.boardId !== ownerId) {
        throw new ForbiddenException({ detail: "An agent may only use its own board's memory" });
      }
      const board = await this.boardRows.findOneByOrFail({ id: ownerId });
      return { organizationId: board.organizationId, boardId: board.id, boardGroupId: null };
    }
    if (owner === 'board') {
      const board = await this.boards.load(principal, ownerId);
      return { organizationId: board.organizationId, boardId: board.id, boardGroupId: null };
    }
    const group = await this.groups.load(principal, ownerId);
    return { organizationId: group.organizationId, boardId: null, boardGroupId: group.id };
  }

  private async load(principal: Principal, owner: MemoryOwner, ownerId: string, entryId: string): Promise<MemoryEntryEntity> {
    const scope = await this.scope(principal, owner, ownerId);
    const entry = await this.entries.findOneBy({ id: entryId, ...(scope.boardId ? { boardId: scope.boardId } : { boardGroupId: scope.boardGroupId! }) });
    if (!entry) throw new NotFoundException({ detail: 'Memory entry not found' });
    return entry;
  }

  private whereScope(builder: ReturnType<Repository<MemoryEntryEntity>['createQueryBuilder']>, scope: Scope): void {
    if (scope.boardId) builder.andWhere('m.boardId = :boardId', { boardId: scope.boardId });
    else builder.andWhere('m.boardGroupId = :groupId', { groupId: scope.boardGroupId });
  }
}
