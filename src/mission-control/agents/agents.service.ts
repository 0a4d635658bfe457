import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { generateToken, hashToken } from '../../core/auth/tokens';
import { applyPatch, fetchPage, findOrNotFound, likePattern } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { BoardsService } from '../boards/boards.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { AddCapabilityDto, AGENT_SORT, AgentDto, AgentListQueryDto, AgentWithTokenDto, CapabilityDto, CapabilityListDto, CreateAgentDto, UpdateAgentDto } from './dto/agent.dto';
import { AgentCapabilityEntity } from './entities/agent-capability.entity';
import { AgentEntity } from './entities/agent.entity';
import { GatewayEntity } from '../gateways/entities/gateway.entity';
import { fieldError } from '../../core/http/api-errors';

const AGENT_TOKEN_PREFIX = 'agt_';

function newAgentToken() {
  const token = generateToken(AGENT_TOKEN_PREFIX);
  return { token, tokenHash: hashToken(token), tokenHint: token.slice(0, 8), tokenRotatedAt: new Date() };
}

const agentSubject = (x: AgentEntity): AuditSubject => ({ type: 'agent', id: x.id, organizationId: x.organizationId, boardId: x.boardId });

@Injectable()
export class AgentsService {
  constructor(
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    @InjectRepository(AgentCapabilityEntity) private readonly capabilities: Repository<AgentCapabilityEntity>,
    private readonly organizations: OrganizationsService,
    private readonly boards: BoardsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, query: AgentListQueryDto): Promise<Page<AgentDto>> {
    const builder = this.agents.createQueryBuilder('a').leftJoinAndSelect('a.capabilities', 'c');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('a.organizationId = :organizationId', { organizationId });
    if (query.board_id) builder.andWhere('a.boardId = :boardId', { boardId: query.board_id });
    if (query.gateway_id) builder.andWhere('a.gatewayId = :gatewayId', { gatewayId: query.gateway_id });
    if (query.status) builder.andWhere('a.status = :status', { status: query.status });
    if (query.q) builder.andWhere('a.name ILIKE :q', { q: likePattern(query.q) });
    return (await fetchPage(builder, query, AGENT_SORT, 'created_at')).map(AgentDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<AgentDto> {
    return AgentDto.from(await this.load(principal, id, true));
  }

  /** Throws 404 for an unknown id and 403 for another organisation's agent. */
  async load(principal: AdminPrincipal, id: string, withCapabilities = false): Promise<AgentEntity> {
    const agent = await this.agents.findOne({ where: { id }, relations: withCapabilities ? { capabilities: true } : {} });
    if (!agent) throw new NotFoundException({ detail: 'Agent not found' });
    assertOrganizationAccess(principal, agent.organizationId);
    return agent;
  }

  async create(principal: AdminPrincipal, dto: CreateAgentDto): Promise<AgentWithTokenDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    await this.assertNameFree(dto.organization_id, dto.name.trim());
    if (dto.board_id) await this.boards.assertInOrganization(dto.board_id, dto.organization_id);
    if (dto.gateway_id) await this.assertGatewayInOrganization(dto.gateway_id, dto.organization_id);
    const { token, ...credentials } = newAgentToken();
    const agent = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(AgentEntity, {
          organizationId: dto.organization_id,
          name: dto.name.trim(),
          description: dto.description ?? null,
          boardId: dto.board_id ?? null,
          gatewayId: dto.gateway_id ?? null,
          openclawAgentId: dto.openclaw_agent_id ?? 'main',
          metadata: dto.metadata ?? {},
          ...credentials,
        }),
      );
      await this.activity.recordChange(manager, principal, agentSubject(saved), 'agent.created', `Agent "${saved.name}" created`);
      return saved;
    });
    return { ...AgentDto.from(agent), agent_token: token };
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateAgentDto): Promise<AgentDto> {
    const agent = await this.load(principal, id, true);
    const patch: Partial<AgentEntity> = {
      name: dto.name?.trim(),
      description: dto.description,
      boardId: dto.board_id,
      gatewayId: dto.gateway_id,
      openclawAgentId: dto.openclaw_agent_id,
      status: dto.status,
      metadata: dto.metadata,
    };
    if (patch.name && patch.name !== agent.name) await this.assertNameFree(agent.organizationId, patch.name);
    if (patch.boardId) await this.boards.assertInOrganization(patch.boardId, agent.organizationId);
    if (patch.gatewayId) await this.assertGatewayInOrganization(patch.gatewayId, agent.organizationId);
    const changes = changedFields(agent, patch);
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(agent, patch);
      const result = await manager.save(agent);
      await this.activity.recordChange(manager, principal, agentSubject(result), 'agent.updated', `Agent "${result.name}" updated`, changes);
      return result;
    });
    return AgentDto.from(saved);
  }

  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const agent = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(AgentEntity, { id: agent.id });
      await this.activity.recordChange(manager, principal, agentSubject(agent), 'agent.deleted', `Agent "${agent.name}" deleted`);
    });
  }

  /** Replaces the token: the old one stops working at once, the new one is shown once. */
  async rotateToken(principal: AdminPrincipal, id: string): Promise<AgentWithTokenDto> {
    const agent = await this.load(principal, id, true);
    const { token, ...credentials } = newAgentToken();
    const saved = await this.dataSource.transaction(async (manager) => {
      await manager.update(AgentEntity, { id: agent.id }, credentials);
      Object.assign(agent, credentials);
      await this.activity.recordChange(manager, principal, agentSubject(agent), 'agent.token_rotated', `Agent "${agent.name}" token rotated`);
      return agent;
    });
    return { ...AgentDto.from(saved), agent_token: token };
  }

  async listCapabilities(principal: AdminPrincipal, id: string): Promise<CapabilityListDto> {
    const agent = await this.load(principal, id, true);
    return { agent_id: agent.id, items: AgentDto.from(agent).capabilities };
  }

  /** Adds a capability, or updates its proficiency when the agent already has it (safe to retry). */
  async addCapability(
    principal: AdminPrincipal,
    id: string,
    dto: AddCapabilityDto,
  ): Promise<{ created: boolean; capability: CapabilityDto }> {
    const agent = await this.load(principal, id);
    const proficiency = dto.proficiency ?? 3;
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(AgentCapabilityEntity, { agentId: agent.id, capability: dto.capability });
      const capability = await manager.save(
        existing
          ? manager.merge(AgentCapabilityEntity, existing, { proficiency })
          : manager.create(AgentCapabilityEntity, { agentId: agent.id, capability: dto.capability, proficiency }),
      );
      await this.activity.recordChange(manager, principal, agentSubject(agent), existing ? 'agent.capability_updated' : 'agent.capability_added',
        `Agent "${agent.name}" ${existing ? 'updated' : 'gained'} capability ${dto.capability}`, { capability: dto.capability, proficiency });
      return { created: !existing, capability: CapabilityDto.from(capability) };
    });
  }

  async removeCapability(principal: AdminPrincipal, id: string, capability: string): Promise<void> {
    const agent = await this.load(principal, id);
    await findOrNotFound(this.capabilities, { agentId: agent.id, capability }, 'Capability');
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(AgentCapabilityEntity, { agentId: agent.id, capability });
      await this.activity.recordChange(manager, principal, agentSubject(agent), 'agent.capability_removed', `Agent "${agent.name}" lost capability ${capability}`, { capability });
    });
  }

  private async assertGatewayInOrganization(gatewayId: string, organizationId: string): Promise<void> {
    if (!(await this.dataSource.getRepository(GatewayEntity).exists({ where: { id: gatewayId, organizationId } }))) {
      throw fieldError('gateway_id', 'gateway_id does not name a gateway of this organization');
    }
  }

  private async assertNameFree(organizationId: string, name: string): Promise<void> {
    if (await this.agents.exists({ where: { organizationId, name } })) {
      throw new ConflictException({ detail: `An agent named "${name}" already exists in this organization` });
    }
  }
}
