import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { applyPatch, fetchPage, findOrNotFound, likePattern } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { BOARD_SORT, BoardDto, BoardListQueryDto, CreateBoardDto, UpdateBoardDto } from './dto/board.dto';
import { BoardGroupEntity } from './entities/board-group.entity';
import { BoardEntity } from './entities/board.entity';

const boardSubject = (x: BoardEntity): AuditSubject => ({ type: 'board', id: x.id, organizationId: x.organizationId, boardId: x.id });

@Injectable()
export class BoardsService {
  constructor(
    @InjectRepository(BoardEntity) private readonly boards: Repository<BoardEntity>,
    @InjectRepository(BoardGroupEntity) private readonly groups: Repository<BoardGroupEntity>,
    private readonly organizations: OrganizationsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, query: BoardListQueryDto): Promise<Page<BoardDto>> {
    const builder = this.boards.createQueryBuilder('b');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('b.organizationId = :organizationId', { organizationId });
    if (query.board_group_id) builder.andWhere('b.boardGroupId = :groupId', { groupId: query.board_group_id });
    if (query.q) builder.andWhere('b.name ILIKE :q', { q: likePattern(query.q) });
    return (await fetchPage(builder, query, BOARD_SORT, 'created_at')).map(BoardDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<BoardDto> {
    return BoardDto.from(await this.load(principal, id));
  }

  async load(principal: AdminPrincipal, id: string): Promise<BoardEntity> {
    const board = await findOrNotFound(this.boards, { id }, 'Board');
    assertOrganizationAccess(principal, board.organizationId);
    return board;
  }

  /** A board named in a request body: unknown is a 422 on that field, another organisation's a 403. */
  async loadReferenced(principal: AdminPrincipal, boardId: string, field = 'board_id'): Promise<BoardEntity> {
    return this.referenced(principal, await this.boards.findOneBy({ id: boardId }), field);
  }

  /**
   * As `loadReferenced`, holding a lock on the board's row in `manager`'s transaction, so that its rules cannot change
   * under a write that follows them: `exclusive` for writes that count the board's tasks (its WIP limit), shared
   * otherwise, so that such writes on one board do not wait for each other. `join` adds rows to read in the same
   * statement; only the board `b` is locked.
   */
  async lockReferenced(
    manager: EntityManager,
    principal: AdminPrincipal,
    boardId: string,
    lock: 'exclusive' | 'shared',
    field = 'board_id',
    join: (builder: SelectQueryBuilder<BoardEntity>) => SelectQueryBuilder<BoardEntity> = (builder) => builder,
  ): Promise<BoardEntity> {
    const board = await join(manager.createQueryBuilder(BoardEntity, 'b'))
      .setLock(lock === 'exclusive' ? 'pessimistic_write' : 'pessimistic_read', undefined, ['b'])
      .where('b.id = :boardId', { boardId })
      .getOne();
    return this.referenced(principal, board, field);
  }

  private referenced(principal: AdminPrincipal, board: BoardEntity | null, field: string): BoardEntity {
    if (!board) throw fieldError(field, `${field} does not name an existing board`);
    assertOrganizationAccess(principal, board.organizationId);
    return board;
  }

  /** For anything that names a board (agents, assignments): it must exist in the same organisation. */
  async assertInOrganization(boardId: string, organizationId: string, field = 'board_id'): Promise<void> {
    if (!(await this.boards.exists({ where: { id: boardId, organizationId } }))) {
      throw fieldError(field, `${field} does not name a board of this organization`);
    }
  }

  async create(principal: AdminPrincipal, dto: CreateBoardDto): Promise<BoardDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    const name = dto.name.trim();
    await this.assertNameFree(dto.organization_id, name);
    if (dto.board_group_id) await this.assertGroupInOrganization(dto.board_group_id, dto.organization_id);
    const board = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(BoardEntity, {
          organizationId: dto.organization_id,
          name,
          description: dto.description ?? null,
          boardGroupId: dto.board_group_id ?? null,
          requireApprovalForDone: dto.require_approval_for_done ?? false,
          requireReviewBeforeDone: dto.require_review_before_done ?? false,
          wipLimit: dto.wip_limit ?? null,
        }),
      );
      await this.activity.recordChange(manager, principal, boardSubject(saved), 'board.created', `Board "${name}" created`);
      return saved;
    });
    return BoardDto.from(board);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateBoardDto): Promise<BoardDto> {
    const board = await this.load(principal, id);
    const patch: Partial<BoardEntity> = {
      name: dto.name?.trim(),
      description: dto.description,
      boardGroupId: dto.board_group_id,
      requireApprovalForDone: dto.require_approval_for_done,
      requireReviewBeforeDone: dto.require_review_before_done,
      wipLimit: dto.wip_limit,
    };
    if (patch.name && patch.name !== board.name) await this.assertNameFree(board.organizationId, patch.name);
    if (patch.boardGroupId) await this.assertGroupInOrganization(patch.boardGroupId, board.organizationId);
    const changes = changedFields(board, patch);
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(board, patch);
      const result = await manager.save(board);
      await this.activity.recordChange(manager, principal, boardSubject(result), 'board.updated', `Board "${result.name}" updated`, changes);
      return result;
    });
    return BoardDto.from(saved);
  }

  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const board = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(BoardEntity, { id: board.id });
      await this.activity.recordChange(manager, principal, boardSubject(board), 'board.deleted', `Board "${board.name}" deleted`);
    });
  }

  private async assertNameFree(organizationId: string, name: string): Promise<void> {
    if (await this.boards.exists({ where: { organizationId, name } })) {
      throw new ConflictException({ detail: `A board named "${name}" already exists in this organization` });
    }
  }

  private async assertGroupInOrganization(groupId: string, organizationId: string): Promise<void> {
    if (!(await this.groups.exists({ where: { id: groupId, organizationId } }))) {
      throw fieldError('board_group_id', 'board_group_id does not name a board group of this organization');
    }
  }
}
