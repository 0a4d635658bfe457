import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { H5AssignmentEntity } from '../entities/h5-assignment.entity';
import { H5UserEntity } from '../entities/h5-user.entity';

export const H5_USER_SORT = { created_at: 'createdAt', username: 'username', display_name: 'displayName', last_login_at: 'lastLoginAt' };
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$/;

export class H5RegisterDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ example: 'xiaoming', description: '3-64 letters, digits, _ . -; case-insensitive' })
  @IsString() @Matches(USERNAME, { message: 'username must be 3-64 letters, digits, _ . or -, starting with a letter or digit' })
  username: string;

  @ApiProperty({ minLength: 8, maxLength: 128, writeOnly: true })
  @IsString() @MinLength(8) @MaxLength(128)
  password: string;

  @ApiPropertyOptional({ example: '小明', maxLength: 100 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  display_name?: string;
}

/** What an admin gives to create an H5 account: the registration fields. */
export class CreateH5UserDto extends H5RegisterDto {}

export class H5LoginDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ example: 'xiaoming' }) @IsString() @IsNotEmpty() @MaxLength(64)
  username: string;

  @ApiProperty({ writeOnly: true }) @IsString() @IsNotEmpty() @MaxLength(128)
  password: string;
}

export class H5RefreshDto {
  @ApiProperty({ example: 'h5r_…' }) @IsString() @IsNotEmpty() @MaxLength(256)
  refresh_token: string;
}

export class UpdateH5ProfileDto {
  // not @IsOptional(): that would let null through, and the display name cannot be removed
  @ApiPropertyOptional({ maxLength: 100 })
  @Omittable() @IsString() @IsNotEmpty() @MaxLength(100)
  display_name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null removes the avatar' })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(2048)
  avatar_url?: string | null;
}

export class AssignAgentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  agent_id: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ default: 'member', maxLength: 32 })
  @IsOptional() @IsString() @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'role must be 1-32 lowercase letters, digits, _ or -' })
  role?: string;
}

export class H5UserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(H5_USER_SORT), default: 'created_at' })
  @IsOptional() @IsIn(Object.keys(H5_USER_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ description: 'matches username or display name' }) @IsOptional() @IsString() @MaxLength(100)
  q?: string;
}

export class H5UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty() username: string;
  @ApiProperty() display_name: string;
  @ApiProperty({ nullable: true, type: String }) avatar_url: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_login_at: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: H5UserEntity): H5UserDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      username: entity.username,
      display_name: entity.displayName,
      avatar_url: entity.avatarUrl,
      last_login_at: entity.lastLoginAt?.toISOString() ?? null,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class H5AssignmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty({ nullable: true, type: String }) agent_name: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ example: 'member' }) role: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(entity: H5AssignmentEntity): H5AssignmentDto {
    return {
      id: entity.id,
      agent_id: entity.agentId,
      agent_name: entity.agent?.name ?? null,
      board_id: entity.boardId,
      role: entity.role,
      created_at: entity.createdAt.toISOString(),
    };
  }
}

export class H5UserDetailDto extends H5UserDto {
  @ApiProperty({ type: [H5AssignmentDto] }) assignments: H5AssignmentDto[];
}

export class H5TokenPairDto {
  @ApiProperty({ description: 'H5 JWT (15 minutes): {sub, org, type: "h5", iat, exp}' }) access_token: string;
  @ApiProperty({ description: 'opaque, single use, 30 days; each refresh returns a new one' }) refresh_token: string;
  @ApiProperty({ example: 'bearer' }) token_type: 'bearer';
  @ApiProperty({ example: 900 }) expires_in: number;
  @ApiProperty({ example: 2592000 }) refresh_expires_in: number;
  @ApiProperty({ type: H5UserDto }) user: H5UserDto;
}
