import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { applyPatch, fetchPage, findOrNotFound, likePattern } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { BOARD_SORT, BoardGroupDto, BoardListQueryDto, CreateBoardGroupDto, UpdateBoardGroupDto } from './dto/board.dto';
import { BoardGroupEntity } from './entities/board-group.entity';

const groupSubject = (x: BoardGroupEntity): AuditSubject => ({ type: 'board_group', id: x.id, organizationId: x.organizationId });

@Injectable()
export class BoardGroupsService {
  constructor(
    @InjectRepository(BoardGroupEntity) private readonly groups: Repository<BoardGroupEntity>,
    private readonly organizations: OrganizationsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, query: BoardListQueryDto): Promise<Page<BoardGroupDto>> {
    const builder = this.groups.createQueryBuilder('g');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('g.organizationId = :organizationId', { organizationId });
    if (query.q) builder.andWhere('g.name ILIKE :q', { q: likePattern(query.q) });
    return (await fetchPage(builder, query, BOARD_SORT, 'created_at')).map(BoardGroupDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<BoardGroupDto> {
    return BoardGroupDto.from(await this.load(principal, id));
  }

  async load(principal: AdminPrincipal, id: string): Promise<BoardGroupEntity> {
    const group = await findOrNotFound(this.groups, { id }, 'Board group');
    assertOrganizationAccess(principal, group.organizationId);
    return group;
  }

  async create(principal: AdminPrincipal, dto: CreateBoardGroupDto): Promise<BoardGroupDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    const name = dto.name.trim();
    await this.assertNameFree(dto.organization_id, name);
    const group = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(BoardGroupEntity, { organizationId: dto.organization_id, name, description: dto.description ?? null }),
      );
      await this.activity.recordChange(manager, principal, groupSubject(saved), 'board_group.created', `Board group "${name}" created`);
      return saved;
    });
    return BoardGroupDto.from(group);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateBoardGroupDto): Promise<BoardGroupDto> {
    const group = await this.load(principal, id);
    const patch = { name: dto.name?.trim(), description: dto.description };
    if (patch.name && patch.name !== group.name) await this.assertNameFree(group.organizationId, patch.name);
    const changes = changedFields(group, patch);
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(group, patch);
      const result = await manager.save(group);
      await this.activity.recordChange(manager, principal, groupSubject(result), 'board_group.updated', `Board group "${result.name}" updated`, changes);
      return result;
    });
    return BoardGroupDto.from(saved);
  }

  /** Its boards stay, outside any group. */
  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const group = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(BoardGroupEntity, { id: group.id });
      await this.activity.recordChange(manager, principal, groupSubject(group), 'board_group.deleted', `Board group "${group.name}" deleted`);
    });
  }

  private async assertNameFree(organizationId: string, name: string): Promise<void> {
    if (await this.groups.exists({ where: { organizationId, name } })) {
      throw new ConflictException({ detail: `A board group named "${name}" already exists in this organization` });
    }
  }
}
