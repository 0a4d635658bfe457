import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { assertOrganizationAccess } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { fieldError } from '../../core/http/api-errors';
import { AgentEntity } from '../agents/entities/agent.entity';

export interface AgentTarget {
  agent: AgentEntity;
  gatewayId: string;
}

/** The agent a body's agent_id names, checked as something we can write to through its gateway. */
@Injectable()
export class AgentTargets {
  constructor(@InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>) {}

  /**
   * 422 when the agent does not exist, 403 when it is outside the caller's organisation, 409 when it belongs to
   * another organisation than the resource (`ownerOrganizationId`; null: any) or has no gateway.
   */
  async resolve(principal: AdminPrincipal, agentId: string, ownerOrganizationId: string | null, ownerLabel: string): Promise<AgentTarget> {
    const agent = await this.agents.findOneBy({ id: agentId });
    if (!agent) throw fieldError('agent_id', 'agent_id does not name an existing agent');
    assertOrganizationAccess(principal, agent.organizationId);
    if (ownerOrganizationId !== null && agent.organizationId !== ownerOrganizationId) {
      throw new ConflictException({ detail: `Agent "${agent.name}" belongs to another organization than the ${ownerLabel}` });
    }
    if (!agent.gatewayId) {
      throw new ConflictException({ detail: `Agent "${agent.name}" has no gateway: set its gateway_id first` });
    }
    return { agent, gatewayId: agent.gatewayId };
  }
}
