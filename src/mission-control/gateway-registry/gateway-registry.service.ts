import { ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal, GatewayPrincipal } from '../../core/auth/principal';
import { generateToken, hashToken } from '../../core/auth/tokens';
import { AppConfig } from '../../core/config/app-config';
import { fetchPage } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { ActivityService } from '../activity/activity.service';
import { GatewayEntity } from '../gateways/entities/gateway.entity';
import { GatewayStatusService } from '../gateways/gateway-status.service';
import { GatewayTelemetryService } from '../gateways/gateway-telemetry.service';
import { gatewaySubject } from '../gateways/gateways.service';
import { OrganizationsService } from '../organizations/organizations.service';
import {
  CreatedRegistrationTokenDto,
  CreateRegistrationTokenDto,
  DEFAULT_TOKEN_TTL_SECONDS,
  HeartbeatAnswerDto,
  HeartbeatDto,
  RegisterGatewayDto,
  RegistrationDto,
  RegistrationTokenDto,
  RegistrationTokenListQueryDto,
} from './dto/registry.dto';
import { RegistrationTokenEntity } from './entities/registration-token.entity';
import { RELAY_TOKEN_PREFIX } from './gateway-relay-token.strategy';

const REGISTRATION_TOKEN_PREFIX = 'gw_reg_';

@Injectable()
export class GatewayRegistryService {
  constructor(
    @InjectRepository(RegistrationTokenEntity) private readonly tokens: Repository<RegistrationTokenEntity>,
    private readonly organizations: OrganizationsService,
    private readonly activity: ActivityService,
    private readonly status: GatewayStatusService,
    private readonly telemetry: GatewayTelemetryService,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async createToken(principal: AdminPrincipal, dto: CreateRegistrationTokenDto): Promise<CreatedRegistrationTokenDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    const token = generateToken(REGISTRATION_TOKEN_PREFIX);
    const saved = await this.dataSource.transaction(async (manager) => {
      const row = await manager.save(
        manager.create(RegistrationTokenEntity, {
          organizationId: dto.organization_id,
          tokenHash: hashToken(token),
          tokenHint: token.slice(0, 10),
          expiresAt: new Date(Date.now() + (dto.expires_in_seconds ?? DEFAULT_TOKEN_TTL_SECONDS) * 1_000),
        }),
      );
      await this.activity.recordChange(manager, principal, { type: 'gateway_registration_token', id: row.id, organizationId: row.organizationId },
        'gateway_registration_token.created', `Gateway registration token ${row.tokenHint}… created`, { expires_at: row.expiresAt.toISOString() });
      return row;
    });
    return { id: saved.id, registration_token: token, expires_at: saved.expiresAt.toISOString() };
  }

  async listTokens(principal: AdminPrincipal, query: RegistrationTokenListQueryDto): Promise<Page<RegistrationTokenDto>> {
    const builder = this.tokens.createQueryBuilder('t');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('t.organizationId = :organizationId', { organizationId });
    return (await fetchPage(builder, query, { created_at: 'createdAt' }, 'created_at')).map(RegistrationTokenDto.from);
  }

  /** Revoking twice is harmless: the first time counts. */
  async revokeToken(principal: AdminPrincipal, id: string): Promise<void> {
    const token = await this.tokens.findOneBy({ id });
    if (!token) throw new NotFoundException({ detail: 'Registration token not found' });
    assertOrganizationAccess(principal, token.organizationId);
    if (token.revokedAt) return;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(RegistrationTokenEntity, { id }, { revokedAt: new Date() });
      await this.activity.recordChange(manager, principal, { type: 'gateway_registration_token', id, organizationId: token.organizationId },
        'gateway_registration_token.revoked', `Gateway registration token ${token.tokenHint}… revoked`);
    });
  }

  /** Creates the gateway, or updates the one of the same name; either way a fresh relay token replaces the old one. */
  async register(dto: RegisterGatewayDto, requestBaseUrl: string): Promise<RegistrationDto> {
    const relayToken = generateToken(RELAY_TOKEN_PREFIX);
    const gateway = await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(RegistrationTokenEntity, { where: { tokenHash: hashToken(dto.registration_token) }, lock: { mode: 'pessimistic_write' } });
      if (!token) throw new UnauthorizedException({ detail: 'Unknown registration token' });
      if (token.revokedAt) throw new UnauthorizedException({ detail: 'This registration token was revoked' });
      if (token.expiresAt.getTime() <= Date.now()) throw new UnauthorizedException({ detail: 'This registration token has expired' });
      if (dto.organization_id && dto.organization_id !== token.organizationId) {
        throw new ForbiddenException({ detail: 'The registration token belongs to another organization' });
      }
      await manager.update(RegistrationTokenEntity, { id: token.id }, { useCount: token.useCount + 1, lastUsedAt: new Date() });
      const name = dto.name.trim();
      const existing = await manager.findOneBy(GatewayEntity, { organizationId: token.organizationId, name });
      const saved = await manager.save(
        manager.merge(GatewayEntity, existing ?? manager.create(GatewayEntity, { organizationId: token.organizationId, name, mode: 'relay' }), {
          url: dto.url ?? existing?.url ?? null,
          workspaceRoot: dto.workspace_root ?? existing?.workspaceRoot ?? null,
          version: dto.version ?? existing?.version ?? null,
          capabilities: dto.capabilities ?? existing?.capabilities ?? [],
          relayTokenHash: hashToken(relayToken),
          registrationTokenId: token.id,
          heartbeatIntervalSeconds: this.config.gateways.heartbeatSeconds,
        }),
      );
      await this.activity.record(manager, {
        actor: { type: 'gateway', id: saved.id },
        action: existing ? 'gateway.reregistered' : 'gateway.registered',
        organizationId: saved.organizationId,
        target: { type: 'gateway', id: saved.id },
        summary: `Gateway "${saved.name}" ${existing ? 're-registered' : 'registered'}`,
        changes: { registration_token_id: token.id, version: saved.version },
      });
      return saved;
    });
    return {
      gateway_id: gateway.id,
      relay_ws_url: `${this.websocketBase(requestBaseUrl)}/ws/gateway/${gateway.id}/relay`,
      relay_token: relayToken,
      heartbeat_interval_seconds: gateway.heartbeatIntervalSeconds,
    };
  }

  async heartbeat(principal: GatewayPrincipal, dto: HeartbeatDto): Promise<HeartbeatAnswerDto> {
    await this.status.heartbeat(principal.gatewayId, { upstreamConnected: dto.status?.gateway_connected, version: dto.status?.gateway_version });
    if (dto.status?.rtt_ms !== undefined) this.telemetry.callSucceeded(principal.gatewayId, dto.status.rtt_ms);
    const gateway = await this.dataSource.getRepository(GatewayEntity).findOneByOrFail({ id: principal.gatewayId });
    return { gateway_id: gateway.id, status: gateway.status, heartbeat_interval_seconds: gateway.heartbeatIntervalSeconds };
  }

  /** The relay token stops working and the gateway is offline at once; its row and agents stay for a later registration. */
  async deregister(principal: GatewayPrincipal): Promise<void> {
    const gateway = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOneByOrFail(GatewayEntity, { id: principal.gatewayId });
      await manager.update(GatewayEntity, { id: row.id }, { relayTokenHash: null });
      await this.activity.recordChange(manager, principal, gatewaySubject(row), 'gateway.deregistered', `Gateway "${row.name}" deregistered`);
      return row;
    });
    await this.status.markOffline(gateway.id);
  }

  private websocketBase(requestBaseUrl: string): string {
    return (this.config.publicUrl ?? requestBaseUrl).replace(/^http/, 'ws');
  }
}
