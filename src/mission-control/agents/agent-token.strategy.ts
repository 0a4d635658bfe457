import { Inject, Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { Repository } from 'typeorm';
import { AGENT_TOKEN_HEADER, AuthScheme } from '../../core/auth/auth-scheme';
import { PASSPORT, PassportInstance, registerStrategy, verifyWith } from '../../core/auth/passport';
import { AgentPrincipal } from '../../core/auth/principal';
import { hashToken } from '../../core/auth/tokens';
import { AgentEntity } from './entities/agent.entity';

const LAST_SEEN_RESOLUTION_MS = 30_000;

/** `X-Agent-Token`: one indexed lookup of the token's SHA-256, never a scan. */
@Injectable()
export class AgentTokenStrategy implements OnModuleInit {
  constructor(
    @Inject(PASSPORT) private readonly passport: PassportInstance,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
  ) {}

  onModuleInit(): void {
    registerStrategy(this.passport, AuthScheme.Agent, new Strategy(verifyWith((request: Request) => this.validate(request))));
  }

  async validate(request: Request): Promise<AgentPrincipal> {
    const token = request.header(AGENT_TOKEN_HEADER);
    if (!token || token.length > 256) throw new UnauthorizedException({ detail: `Missing or invalid ${AGENT_TOKEN_HEADER}` });
    const agent = await this.agents.findOne({
      where: { tokenHash: hashToken(token) },
      select: { id: true, organizationId: true, boardId: true, status: true, lastSeenAt: true },
    });
    if (!agent) throw new UnauthorizedException({ detail: `Missing or invalid ${AGENT_TOKEN_HEADER}` });
    if (agent.status === 'disabled') throw new UnauthorizedException({ detail: 'This agent is disabled' });
    if (!agent.lastSeenAt || Date.now() - agent.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
      await this.agents.update({ id: agent.id }, { lastSeenAt: new Date() });
    }
    return { scheme: AuthScheme.Agent, agentId: agent.id, organizationId: agent.organizationId, boardId: agent.boardId };
  }
}
