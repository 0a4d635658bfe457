import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { AGENT_STATUSES } from '../../agents/entities/agent.entity';
import { AgentTeamEntity, AgentTeamMemberEntity, TEAM_ROLES, TEAM_TYPES, TeamRole, TeamType } from '../entities/agent-team.entity';

export const TEAM_SORT = { created_at: 'createdAt', updated_at: 'updatedAt', name: 'name' };

export class TeamMemberDto {
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty({ example: 'reviewer-01' }) name: string;
  @ApiProperty({ enum: TEAM_ROLES }) role_in_team: TeamRole;
  @ApiProperty({ enum: AGENT_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) joined_at: string;

  static from(member: AgentTeamMemberEntity): TeamMemberDto {
    return {
      agent_id: member.agentId,
      name: member.agent?.name ?? '',
      role_in_team: member.roleInTeam,
      status: member.agent?.status ?? 'offline',
      joined_at: member.joinedAt.toISOString(),
    };
  }
}

export class TeamDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ example: '代码评审委员会' }) name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: TEAM_TYPES }) team_type: TeamType;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'an agent of the organization, always a member with role leader' }) lead_agent_id: string | null;
  @ApiProperty() member_count: number;
  @ApiProperty({ type: [TeamMemberDto], description: 'by role (leader first), then name' }) members: TeamMemberDto[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(team: AgentTeamEntity, members: AgentTeamMemberEntity[]): TeamDto {
    const order = (role: TeamRole) => TEAM_ROLES.indexOf(role);
    const sorted = [...members].sort((a, b) => order(a.roleInTeam) - order(b.roleInTeam) || (a.agent?.name ?? '').localeCompare(b.agent?.name ?? ''));
    return {
      id: team.id,
      organization_id: team.organizationId,
      name: team.name,
      description: team.description,
      team_type: team.teamType,
      lead_agent_id: team.leadAgentId,
      member_count: members.length,
      members: sorted.map(TeamMemberDto.from),
      created_at: team.createdAt.toISOString(),
      updated_at: team.updatedAt.toISOString(),
    };
  }
}

export class CreateTeamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ example: 'Release task force', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ enum: TEAM_TYPES, default: 'custom' }) @Omittable() @IsIn(TEAM_TYPES)
  team_type?: TeamType;

  @ApiPropertyOptional({ format: 'uuid', description: 'an agent of the organization; it becomes a member with role leader' }) @IsOptional() @IsUUID()
  lead_agent_id?: string;
}

/** Absent fields stay as they are; null clears description and lead. */
export class UpdateTeamDto {
  @ApiPropertyOptional({ maxLength: 200 }) @Omittable() @IsString() @IsNotEmpty() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ enum: TEAM_TYPES }) @Omittable() @IsIn(TEAM_TYPES)
  team_type?: TeamType;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null: no lead (the former lead stays a member)' }) @IsOptional() @IsUUID()
  lead_agent_id?: string | null;
}

export class AddTeamMemberDto {
  @ApiProperty({ format: 'uuid', description: "an agent of the team's organization" }) @IsUUID()
  agent_id: string;

  @ApiPropertyOptional({ enum: TEAM_ROLES, default: 'member', description: 'adding a member again updates the role' }) @Omittable() @IsIn(TEAM_ROLES)
  role_in_team?: TeamRole;
}

export class TeamListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(TEAM_SORT), default: 'created_at' }) @IsOptional() @IsIn(Object.keys(TEAM_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ enum: TEAM_TYPES }) @IsOptional() @IsIn(TEAM_TYPES)
  team_type?: TeamType;

  @ApiPropertyOptional({ format: 'uuid', description: 'teams this agent is a member of' }) @IsOptional() @IsUUID()
  agent_id?: string;
}

const CAPABILITY_PATTERN = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

export class CapabilitySearchQueryDto extends PageQueryDto {
  @ApiProperty({ example: 'code_review', description: 'a capability name as agents carry it (`/api/v1/agents/{id}/capabilities`)' })
  @IsString() @Matches(CAPABILITY_PATTERN, { message: 'capability must be 1-64 lower-case letters, digits or _ . : -' })
  capability: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5, default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5)
  min_proficiency?: number;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only members of this team' }) @IsOptional() @IsUUID()
  team_id?: string;
}

export class CapabilityMatchDto {
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ example: 'code_review' }) capability: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) proficiency: number;
  @ApiProperty({ enum: AGENT_STATUSES }) status: string;
  @ApiProperty({ description: 'open tasks assigned (not done)' }) load: number;
  @ApiProperty({ description: '0..1: 0.5 × proficiency/5 + 0.3 × availability (online 1, busy 0.5, else 0) + 0.2 × 1/(1 + load)' }) score: number;
}
