import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { hashPassword } from '../../core/auth/passwords';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { actorOf, AdminPrincipal } from '../../core/auth/principal';
import { fetchPage, findOrNotFound, likePattern } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { ActivityService } from '../activity/activity.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { BoardsService } from '../boards/boards.service';
import { OrganizationEntity } from '../organizations/entities/organization.entity';
import { AssignAgentDto, CreateH5UserDto, H5_USER_SORT, H5AssignmentDto, H5UserDetailDto, H5UserDto, H5UserListQueryDto } from './dto/h5.dto';
import { H5AssignmentEntity } from './entities/h5-assignment.entity';
import { H5UserEntity } from './entities/h5-user.entity';

/** The admin side of M3: H5 users and their agent assignments. */
@Injectable()
export class H5UsersService {
  constructor(
    @InjectRepository(H5UserEntity) private readonly users: Repository<H5UserEntity>,
    @InjectRepository(H5AssignmentEntity) private readonly assignments: Repository<H5AssignmentEntity>,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    @InjectRepository(OrganizationEntity) private readonly organizations: Repository<OrganizationEntity>,
    private readonly boards: BoardsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, query: H5UserListQueryDto): Promise<Page<H5UserDto>> {
    const builder = this.users.createQueryBuilder('u');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('u.organizationId = :organizationId', { organizationId });
    if (query.q) builder.andWhere('(u.username ILIKE :q OR u.displayName ILIKE :q)', { q: likePattern(query.q) });
    return (await fetchPage(builder, query, H5_USER_SORT, 'created_at')).map(H5UserDto.from);
  }

  /** An admin creates the account (whether or not the organisation accepts self-registration); the user signs in later. */
  async create(principal: AdminPrincipal, dto: CreateH5UserDto): Promise<H5UserDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    if (!(await this.organizations.existsBy({ id: dto.organization_id }))) {
      throw fieldError('organization_id', 'organization_id does not name an existing organization');
    }
    const username = dto.username.toLowerCase();
    if (await this.users.exists({ where: { organizationId: dto.organization_id, username } })) {
      throw new ConflictException({ detail: `The username ${username} is taken in this organization` });
    }
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.save(
        manager.create(H5UserEntity, {
          organizationId: dto.organization_id,
          username,
          passwordHash,
          displayName: dto.display_name?.trim() ?? dto.username,
          lastLoginAt: null,
        }),
      );
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'h5_user.created',
        organizationId: user.organizationId,
        target: { type: 'h5_user', id: user.id },
        summary: `H5 user ${username} created`,
      });
      return H5UserDto.from(user);
    });
  }

  /** Deletes the account with its assignments, chat sessions and refresh tokens; its access tokens stop working. */
  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const user = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(H5UserEntity, { id: user.id });
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'h5_user.deleted',
        organizationId: user.organizationId,
        target: { type: 'h5_user', id: user.id },
        summary: `H5 user ${user.username} deleted`,
      });
    });
  }

  async get(principal: AdminPrincipal, id: string): Promise<H5UserDetailDto> {
    const user = await this.load(principal, id);
    const assignments = await this.assignments.find({
      where: { h5UserId: user.id },
      relations: { agent: true },
      order: { createdAt: 'ASC' },
    });
    return { ...H5UserDto.from(user), assignments: assignments.map(H5AssignmentDto.from) };
  }

  /** Assigns, or updates the existing assignment (safe to retry): `created` says which. */
  async assign(
    principal: AdminPrincipal,
    id: string,
    dto: AssignAgentDto,
  ): Promise<{ created: boolean; assignment: H5AssignmentDto }> {
    const user = await this.load(principal, id);
    const agent = await this.agents.findOneBy({ id: dto.agent_id });
    if (!agent) throw fieldError('agent_id', 'agent_id does not name an existing agent');
    if (agent.organizationId !== user.organizationId) {
      throw fieldError('agent_id', "The agent belongs to another organization than the user's");
    }
    if (dto.board_id) await this.boards.assertInOrganization(dto.board_id, user.organizationId);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(H5AssignmentEntity, { h5UserId: user.id, agentId: agent.id });
      const values: Pick<H5AssignmentEntity, 'boardId' | 'role'> = {
        boardId: dto.board_id ?? existing?.boardId ?? agent.boardId,
        role: dto.role ?? existing?.role ?? 'member',
      };
      const assignment: H5AssignmentEntity = existing
        ? Object.assign(existing, values)
        : manager.create(H5AssignmentEntity, { organizationId: user.organizationId, h5UserId: user.id, agentId: agent.id, ...values });
      const saved = await manager.save(assignment);
      saved.agent = agent;
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: existing ? 'h5_user.assignment_updated' : 'h5_user.assigned',
        organizationId: user.organizationId,
        target: { type: 'h5_user', id: user.id },
        boardId: saved.boardId,
        summary: `H5 user ${user.username} assigned to agent "${agent.name}"`,
        changes: { agent_id: agent.id, role: saved.role },
      });
      return { created: !existing, assignment: H5AssignmentDto.from(saved) };
    });
  }

  async unassign(principal: AdminPrincipal, id: string, agentId: string): Promise<void> {
    const user = await this.load(principal, id);
    const assignment = await this.assignments.findOneBy({ h5UserId: user.id, agentId });
    if (!assignment) throw new NotFoundException({ detail: 'This user is not assigned to that agent' });
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(H5AssignmentEntity, { id: assignment.id });
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'h5_user.unassigned',
        organizationId: user.organizationId,
        target: { type: 'h5_user', id: user.id },
        summary: `H5 user ${user.username} unassigned from agent ${agentId}`,
        changes: { agent_id: agentId },
      });
    });
  }

  private async load(principal: AdminPrincipal, id: string): Promise<H5UserEntity> {
    const user = await findOrNotFound(this.users, { id }, 'H5 user');
    assertOrganizationAccess(principal, user.organizationId);
    return user;
  }
}
