import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { GATEWAY_MODES, GATEWAY_STATUSES, GatewayEntity } from '../entities/gateway.entity';

export const GATEWAY_SORT = { created_at: 'createdAt', updated_at: 'updatedAt', name: 'name', status: 'status', last_heartbeat_at: 'lastHeartbeatAt' };
const WS_URL = /^wss?:\/\/[^\s]+$/;
const WS_URL_MESSAGE = 'url must be a ws:// or wss:// URL';

export class GatewayDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ example: 'office-gateway-shenzhen-01' }) name: string;
  @ApiProperty({ enum: GATEWAY_MODES, description: 'direct: this service dials `url`; relay: the gateway registered and dials in' }) mode: string;
  @ApiProperty({ nullable: true, type: String, example: 'ws://10.0.0.5:18789' }) url: string | null;
  @ApiProperty({ description: 'whether a gateway token is stored (it is never returned)' }) has_token: boolean;
  @ApiProperty({ enum: GATEWAY_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) workspace_root: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026.9.6' }) version: string | null;
  @ApiProperty({ type: [String] }) capabilities: string[];
  @ApiProperty() heartbeat_interval_seconds: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_heartbeat_at: string | null;
  @ApiProperty({ description: 'a connector holds the relay socket now' }) relay_connected: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: GatewayEntity): GatewayDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      name: entity.name,
      mode: entity.mode,
      url: entity.url,
      has_token: entity.hasToken,
      status: entity.status,
      workspace_root: entity.workspaceRoot,
      version: entity.version,
      capabilities: entity.capabilities,
      heartbeat_interval_seconds: entity.heartbeatIntervalSeconds,
      last_heartbeat_at: entity.lastHeartbeatAt?.toISOString() ?? null,
      relay_connected: entity.relayConnectedAt !== null,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class GatewayListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ enum: GATEWAY_STATUSES }) @IsOptional() @IsIn(GATEWAY_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: GATEWAY_MODES }) @IsOptional() @IsIn(GATEWAY_MODES)
  mode?: string;

  @ApiPropertyOptional({ enum: Object.keys(GATEWAY_SORT), default: 'created_at' }) @IsOptional() @IsIn(Object.keys(GATEWAY_SORT))
  sort?: string;
}

export class CreateGatewayDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ maxLength: 200, example: 'office-gateway-shenzhen-01' }) @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'ws://127.0.0.1:18789', description: 'the gateway WebSocket this service dials' })
  @IsString() @MaxLength(500) @Matches(WS_URL, { message: WS_URL_MESSAGE })
  url: string;

  @ApiPropertyOptional({ description: "the gateway's auth token; stored encrypted, never returned", writeOnly: true })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500)
  token?: string;
}

export class UpdateGatewayDto {
  @ApiPropertyOptional({ maxLength: 200 }) @Omittable() @IsString() @IsNotEmpty() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null: reach it through its relay only' })
  @IsOptional() @IsString() @MaxLength(500) @Matches(WS_URL, { message: WS_URL_MESSAGE })
  url?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, writeOnly: true, description: 'null forgets the stored token' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500)
  token?: string | null;
}

export class GatewayConnectionDto {
  @ApiProperty({ enum: ['relay', 'h5', 'gateway_session'] }) type: string;
  @ApiProperty({ description: 'the relay connection id, the H5 user id or the OpenClaw session key' }) id: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) connected_at: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) remote_address?: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'the instance holding the socket' }) instance_id?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) h5_user_id?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'what the gateway reports of the session' })
  details?: Record<string, unknown>;
}

export class GatewayConnectionsDto {
  @ApiProperty({ format: 'uuid' }) gateway_id: string;
  @ApiProperty({ type: [GatewayConnectionDto] }) items: GatewayConnectionDto[];
  @ApiProperty({ description: 'false when the gateway could not be asked for its sessions (offline); relay and H5 rows are still listed' })
  sessions_available: boolean;
}

export class GatewayMetricsDto {
  @ApiProperty({ format: 'uuid' }) gateway_id: string;
  @ApiProperty({ enum: GATEWAY_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_heartbeat_at: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'round trip of the last call to the gateway, ms' }) rpc_latency_ms: number | null;
  @ApiProperty({ description: 'chat messages carried to and from the gateway' }) messages_relayed: number;
  @ApiProperty({ description: 'failed calls and broken chat runs' }) errors: number;
  @ApiProperty({ nullable: true, type: String }) last_error: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_error_at: string | null;
  @ApiProperty() relay_connected: boolean;
  @ApiProperty({ nullable: true, type: Boolean, description: "relay mode: whether the connector reaches its local gateway" })
  upstream_connected: boolean | null;
  @ApiProperty({ description: 'H5 chat sockets open now for agents of this gateway' }) h5_connections: number;
}
