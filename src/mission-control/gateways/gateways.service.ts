import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { SecretBox } from '../../core/crypto/secret-box';
import { applyPatch, fetchPage } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { GatewaySessionList } from '../../integrations/openclaw-gateway';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { H5AssignmentEntity } from '../h5/entities/h5-assignment.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import {
  CreateGatewayDto,
  GATEWAY_SORT,
  GatewayConnectionDto,
  GatewayConnectionsDto,
  GatewayDto,
  GatewayListQueryDto,
  GatewayMetricsDto,
  UpdateGatewayDto,
} from './dto/gateway.dto';
import { GatewayEntity } from './entities/gateway.entity';
import { GatewayLinksService } from './gateway-links.service';
import { DirectLinkPool } from './links/direct-link-pool';
import { LiveConnectionsService } from './live-connections.service';

export const gatewaySubject = (x: GatewayEntity): AuditSubject => ({ type: 'gateway', id: x.id, organizationId: x.organizationId });

const SESSIONS_TIMEOUT_MS = 5_000;

@Injectable()
export class GatewaysService {
  constructor(
    @InjectRepository(GatewayEntity) private readonly gateways: Repository<GatewayEntity>,
    private readonly organizations: OrganizationsService,
    private readonly activity: ActivityService,
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly direct: DirectLinkPool,
    private readonly links: GatewayLinksService,
    private readonly live: LiveConnectionsService,
  ) {}

  async list(principal: AdminPrincipal, query: GatewayListQueryDto): Promise<Page<GatewayDto>> {
    const builder = this.gateways.createQueryBuilder('g');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('g.organizationId = :organizationId', { organizationId });
    if (query.status) builder.andWhere('g.status = :status', { status: query.status });
    if (query.mode) builder.andWhere('g.mode = :mode', { mode: query.mode });
    return (await fetchPage(builder, { ...query, sort: query.sort }, GATEWAY_SORT, 'created_at')).map(GatewayDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<GatewayDto> {
    return GatewayDto.from(await this.load(principal, id));
  }

  /** Throws 404 for an unknown id and 403 for another organisation's gateway. */
  async load(principal: AdminPrincipal, id: string): Promise<GatewayEntity> {
    const gateway = await this.gateways.findOneBy({ id });
    if (!gateway) throw new NotFoundException({ detail: 'Gateway not found' });
    assertOrganizationAccess(principal, gateway.organizationId);
    return gateway;
  }

  async create(principal: AdminPrincipal, dto: CreateGatewayDto): Promise<GatewayDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    await this.assertNameFree(dto.organization_id, dto.name.trim());
    const saved = await this.dataSource.transaction(async (manager) => {
      const gateway = await manager.save(
        manager.create(GatewayEntity, {
          organizationId: dto.organization_id,
          name: dto.name.trim(),
          mode: 'direct',
          url: dto.url,
          tokenSealed: dto.token ? this.secrets.seal(dto.token) : null,
          hasToken: Boolean(dto.token),
        }),
      );
      await this.activity.recordChange(manager, principal, gatewaySubject(gateway), 'gateway.created', `Gateway "${gateway.name}" created`);
      return gateway;
    });
    return GatewayDto.from(saved);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateGatewayDto): Promise<GatewayDto> {
    const gateway = await this.load(principal, id);
    const patch: Partial<GatewayEntity> = { name: dto.name?.trim(), url: dto.url };
    if (dto.token !== undefined) {
      patch.tokenSealed = dto.token === null ? null : this.secrets.seal(dto.token);
      patch.hasToken = dto.token !== null;
    }
    if (patch.name && patch.name !== gateway.name) await this.assertNameFree(gateway.organizationId, patch.name);
    const changes = changedFields(gateway, { name: patch.name, url: patch.url });
    if (dto.token !== undefined) changes.token = { from: '[redacted]', to: '[redacted]' };
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(gateway, patch);
      const result = await manager.save(gateway);
      await this.activity.recordChange(manager, principal, gatewaySubject(result), 'gateway.updated', `Gateway "${result.name}" updated`, changes);
      return result;
    });
    if (dto.url !== undefined || dto.token !== undefined) await this.direct.drop(id);
    return GatewayDto.from(saved);
  }

  /** Its agents stay, without a gateway; a connector still running for it is refused from now on. */
  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const gateway = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(GatewayEntity, { id: gateway.id });
      await this.activity.recordChange(manager, principal, gatewaySubject(gateway), 'gateway.deleted', `Gateway "${gateway.name}" deleted`);
    });
    await this.direct.drop(id);
  }

  async connections(principal: AdminPrincipal, id: string): Promise<GatewayConnectionsDto> {
    const gateway = await this.load(principal, id);
    const [relays, h5] = await Promise.all([this.live.listFor({ kind: 'relay', gatewayId: id }), this.h5ConnectionsOf(id)]);
    const items: GatewayConnectionDto[] = [
      ...relays.map((row) => ({ type: 'relay', id: row.id, connected_at: row.createdAt.toISOString(), remote_address: row.remoteAddress, instance_id: row.instanceId })),
      ...h5.map((row) => ({ type: 'h5', id: row.id, connected_at: row.createdAt.toISOString(), remote_address: row.remoteAddress, instance_id: row.instanceId, h5_user_id: row.h5UserId })),
    ];
    let sessionsAvailable = true;
    try {
      const link = await this.links.link(gateway.id);
      const sessions: GatewaySessionList = await link.call<GatewaySessionList>('sessions.list', {}, { timeoutMs: SESSIONS_TIMEOUT_MS });
      for (const session of sessions.sessions) {
        items.push({ type: 'gateway_session', id: session.key, connected_at: sessionTime(session), details: session });
      }
    } catch {
      sessionsAvailable = false;
    }
    return { gateway_id: gateway.id, items, sessions_available: sessionsAvailable };
  }

  async metrics(principal: AdminPrincipal, id: string): Promise<GatewayMetricsDto> {
    const gateway = await this.load(principal, id);
    const h5 = await this.h5ConnectionsOf(id);
    return {
      gateway_id: gateway.id,
      status: gateway.status,
      last_heartbeat_at: gateway.lastHeartbeatAt?.toISOString() ?? null,
      rpc_latency_ms: gateway.rpcLatencyMs,
      messages_relayed: gateway.messagesRelayed,
      errors: gateway.errorCount,
      last_error: gateway.lastError,
      last_error_at: gateway.lastErrorAt?.toISOString() ?? null,
      relay_connected: gateway.relayConnectedAt !== null,
      upstream_connected: gateway.upstreamConnected,
      h5_connections: h5.length,
    };
  }

  /** H5 chat sockets of users assigned to the gateway's agents. */
  private async h5ConnectionsOf(gatewayId: string) {
    const users = await this.dataSource
      .getRepository(H5AssignmentEntity)
      .createQueryBuilder('a')
      .select('DISTINCT a.h5UserId', 'user_id')
      .innerJoin(AgentEntity, 'agent', 'agent.id = a.agentId')
      .where('agent.gatewayId = :gatewayId', { gatewayId })
      .getRawMany<{ user_id: string }>();
    return this.live.listFor({ kind: 'h5', h5UserIds: users.map((row) => row.user_id) });
  }

  private async assertNameFree(organizationId: string, name: string): Promise<void> {
    if (await this.gateways.exists({ where: { organizationId, name } })) {
      throw new ConflictException({ detail: `A gateway named "${name}" already exists in this organization` });
    }
  }
}

function sessionTime(session: Record<string, unknown>): string | null {
  const updated = session.updatedAt;
  return typeof updated === 'number' ? new Date(updated).toISOString() : null;
}
