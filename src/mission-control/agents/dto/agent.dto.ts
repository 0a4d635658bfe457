import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { AgentCapabilityEntity } from '../entities/agent-capability.entity';
import { AGENT_STATUSES, AgentEntity } from '../entities/agent.entity';

export const AGENT_SORT = { created_at: 'createdAt', updated_at: 'updatedAt', name: 'name', status: 'status', last_seen_at: 'lastSeenAt' };
const CAPABILITY_PATTERN = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

export class CapabilityDto {
  @ApiProperty({ example: 'code_review' }) capability: string;
  @ApiProperty({ minimum: 1, maximum: 5, example: 4 }) proficiency: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: AgentCapabilityEntity): CapabilityDto {
    return {
      capability: entity.capability,
      proficiency: entity.proficiency,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class AgentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) gateway_id: string | null;
  @ApiProperty({ example: 'main' }) openclaw_agent_id: string;
  @ApiProperty({ enum: AGENT_STATUSES }) status: string;
  @ApiProperty({ example: 'agt_Xy12', description: 'first characters of the current token' }) token_hint: string;
  @ApiProperty({ format: 'date-time' }) token_rotated_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_seen_at: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ type: [CapabilityDto] }) capabilities: CapabilityDto[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: AgentEntity): AgentDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      name: entity.name,
      description: entity.description,
      board_id: entity.boardId,
      gateway_id: entity.gatewayId,
      openclaw_agent_id: entity.openclawAgentId,
      status: entity.status,
      token_hint: entity.tokenHint,
      token_rotated_at: entity.tokenRotatedAt.toISOString(),
      last_seen_at: entity.lastSeenAt?.toISOString() ?? null,
      metadata: entity.metadata,
      capabilities: (entity.capabilities ?? [])
        .sort((a, b) => a.capability.localeCompare(b.capability))
        .map(CapabilityDto.from),
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class AgentWithTokenDto extends AgentDto {
  @ApiProperty({ description: 'shown only in this response; send it as X-Agent-Token', example: 'agt_…' })
  agent_token: string;
}

export class CreateAgentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ example: 'reviewer-01', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the board this agent works on' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the gateway this agent runs behind' }) @IsOptional() @IsUUID()
  gateway_id?: string;

  @ApiPropertyOptional({ default: 'main', description: 'the agent id inside its OpenClaw gateway' })
  @Omittable() @IsString() @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'openclaw_agent_id may hold letters, digits, _ and - (1-100)' })
  openclaw_agent_id?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @Omittable() @IsObject()
  metadata?: Record<string, unknown>;
}

const NULLABLE_AGENT_FIELDS = ['organization_id', 'description', 'board_id', 'gateway_id'] as const;

/** Absent fields stay as they are; null clears the nullable ones and is refused for the rest. */
export class UpdateAgentDto extends PartialType(OmitType(CreateAgentDto, NULLABLE_AGENT_FIELDS), { skipNullProperties: false }) {
  @ApiPropertyOptional({ enum: AGENT_STATUSES }) @Omittable() @IsIn(AGENT_STATUSES)
  status?: AgentEntity['status'];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null takes the agent off its board' })
  @IsOptional() @IsUUID()
  board_id?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null detaches it from its gateway' })
  @IsOptional() @IsUUID()
  gateway_id?: string | null;
}

export class AgentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(AGENT_SORT), default: 'created_at' })
  @IsOptional() @IsIn(Object.keys(AGENT_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  gateway_id?: string;

  @ApiPropertyOptional({ enum: AGENT_STATUSES }) @IsOptional() @IsIn(AGENT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ description: 'matches the name, case-insensitive' }) @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}

export class AddCapabilityDto {
  @ApiProperty({ example: 'code_review', description: 'lowercase letters, digits, _ . : -' })
  @IsString() @Matches(CAPABILITY_PATTERN, { message: 'capability must be 1-64 lowercase letters, digits, _ . : or -' })
  capability: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, default: 3 }) @IsOptional() @IsInt() @Min(1) @Max(5)
  proficiency?: number;
}

export class CapabilityListDto {
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty({ type: [CapabilityDto] }) items: CapabilityDto[];
}
