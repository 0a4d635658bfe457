import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { INSTALLATION_STATUSES, InstallationStatus, SkillInstallationEntity } from '../entities/skill-installation.entity';

export const INSTALLATION_SORT = { updated_at: 'updatedAt', created_at: 'createdAt', installed_at: 'installedAt', slug: 'slug' };

export class SkillTargetDto {
  @ApiProperty({ format: 'uuid', description: "the agent whose gateway (and OpenClaw agent id) the skill goes to; it must be in the skill's organization" })
  @IsUUID()
  agent_id: string;
}

export class InstallationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(INSTALLATION_SORT), default: 'updated_at' }) @IsOptional() @IsIn(Object.keys(INSTALLATION_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  gateway_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "what is installed for this agent (its gateway and OpenClaw agent id)" }) @IsOptional() @IsUUID()
  agent_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  skill_id?: string;

  @ApiPropertyOptional({ enum: INSTALLATION_STATUSES }) @IsOptional() @IsIn(INSTALLATION_STATUSES)
  status?: InstallationStatus;
}

export class LiveSkillsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "the skills as this agent sees them (default: the gateway's default agent)" })
  @IsOptional() @IsUUID()
  agent_id?: string;
}

export class InstallationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid' }) gateway_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the agent the last install or uninstall went through' }) agent_id: string | null;
  @ApiProperty({ example: 'main', description: "the agent's id inside the gateway" }) openclaw_agent_id: string;
  @ApiProperty({ format: 'uuid' }) skill_id: string;
  @ApiProperty({ example: 'release-notes', description: 'the skill key on the gateway' }) slug: string;
  @ApiProperty({ example: '1.0.0' }) version: string;
  @ApiProperty({ enum: INSTALLATION_STATUSES }) status: InstallationStatus;
  @ApiProperty({ nullable: true, type: String, description: 'why the last install failed' }) error: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) installed_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) uninstalled_at: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: SkillInstallationEntity): InstallationDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      gateway_id: entity.gatewayId,
      agent_id: entity.agentId,
      openclaw_agent_id: entity.openclawAgentId,
      skill_id: entity.skillId,
      slug: entity.slug,
      version: entity.version,
      status: entity.status,
      error: entity.error,
      installed_at: entity.installedAt?.toISOString() ?? null,
      uninstalled_at: entity.uninstalledAt?.toISOString() ?? null,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

/** One skill as the gateway reports it right now (`skills.status`). */
export class LiveSkillDto {
  @ApiProperty({ example: 'release-notes' }) name: string;
  @ApiProperty({ example: 'release-notes' }) skill_key: string;
  @ApiProperty({ example: 'openclaw-workspace', description: 'where the gateway found it (workspace, bundled, managed…)' }) source: string;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ description: 'its requirements (binaries, env, OS) are met' }) eligible: boolean;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
}
