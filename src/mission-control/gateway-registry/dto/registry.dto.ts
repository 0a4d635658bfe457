import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { RegistrationTokenEntity } from '../entities/registration-token.entity';

export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 3600;
export const MAX_TOKEN_TTL_SECONDS = 365 * 24 * 3600;

export class CreateRegistrationTokenDto {
  @ApiProperty({ format: 'uuid', description: 'gateways registering with this token join this organization' }) @IsUUID()
  organization_id: string;

  @ApiPropertyOptional({ minimum: 60, maximum: MAX_TOKEN_TTL_SECONDS, default: DEFAULT_TOKEN_TTL_SECONDS })
  @IsOptional() @IsInt() @Min(60) @Max(MAX_TOKEN_TTL_SECONDS)
  expires_in_seconds?: number;
}

export class RegistrationTokenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ example: 'gw_reg_Ab', description: 'first characters, to tell tokens apart' }) token_hint: string;
  @ApiProperty({ format: 'date-time' }) expires_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revoked_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_used_at: string | null;
  @ApiProperty({ description: 'registrations made with it' }) use_count: number;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) state: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(entity: RegistrationTokenEntity): RegistrationTokenDto {
    const state = entity.revokedAt ? 'revoked' : entity.expiresAt.getTime() <= Date.now() ? 'expired' : 'active';
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      token_hint: entity.tokenHint,
      expires_at: entity.expiresAt.toISOString(),
      revoked_at: entity.revokedAt?.toISOString() ?? null,
      last_used_at: entity.lastUsedAt?.toISOString() ?? null,
      use_count: entity.useCount,
      state,
      created_at: entity.createdAt.toISOString(),
    };
  }
}

export class CreatedRegistrationTokenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'gw_reg_…', description: 'shown only in this response' }) registration_token: string;
  @ApiProperty({ format: 'date-time' }) expires_at: string;
}

export class RegistrationTokenListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;
}

export class RegisterGatewayDto {
  @ApiProperty({ example: 'gw_reg_…' }) @IsString() @IsNotEmpty() @MaxLength(256)
  registration_token: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'optional: must be the organization of the registration token' })
  @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiProperty({ example: 'office-gateway-shenzhen-01', description: 'registering the same name again updates that gateway' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'wss://gateway-sz.internal', description: 'where the gateway listens (informational unless a token is added later)' })
  @IsOptional() @IsString() @MaxLength(500) @Matches(/^wss?:\/\/\S+$/, { message: 'url must be a ws:// or wss:// URL' })
  url?: string;

  @ApiPropertyOptional({ example: '/opt/openclaw/workspace' }) @IsOptional() @IsString() @MaxLength(500)
  workspace_root?: string;

  @ApiPropertyOptional({ example: '2026.9.6' }) @IsOptional() @IsString() @MaxLength(64)
  version?: string;

  @ApiPropertyOptional({ type: [String], example: ['chat', 'code_review'] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(64, { each: true })
  capabilities?: string[];
}

export class RegistrationDto {
  @ApiProperty({ format: 'uuid' }) gateway_id: string;
  @ApiProperty({ example: 'wss://api.example.com/ws/gateway/<id>/relay' }) relay_ws_url: string;
  @ApiProperty({ example: 'relay_…', description: 'shown only in this response; a new registration replaces it' }) relay_token: string;
  @ApiProperty({ example: 30 }) heartbeat_interval_seconds: number;
}

export class UpstreamStatusDto {
  @ApiProperty({ description: 'whether the connector reaches its local gateway' }) @IsBoolean()
  gateway_connected: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64)
  gateway_version?: string;

  @ApiPropertyOptional({ description: 'connector → gateway round trip, ms' }) @IsOptional() @IsNumber() @Min(0)
  rtt_ms?: number;
}

export class HeartbeatDto {
  @ApiPropertyOptional({ type: UpstreamStatusDto }) @IsOptional() @ValidateNested() @Type(() => UpstreamStatusDto)
  status?: UpstreamStatusDto;
}

export class HeartbeatAnswerDto {
  @ApiProperty({ format: 'uuid' }) gateway_id: string;
  @ApiProperty({ example: 'online' }) status: string;
  @ApiProperty({ example: 30 }) heartbeat_interval_seconds: number;
}
