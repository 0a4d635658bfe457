import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUrl,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { UserEntity } from '../entities/user.entity';

export const USER_SORT = { created_at: 'createdAt', email: 'email', display_name: 'displayName', last_login_at: 'lastLoginAt' };

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ops@example.com' }) email: string;
  @ApiProperty() display_name: string;
  @ApiProperty({ enum: ['superadmin', 'admin'] }) role: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: every organization' })
  organization_id: string | null;
  @ApiProperty({ nullable: true, type: String }) avatar_url: string | null;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) preferences: Record<string, unknown>;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_login_at: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: UserEntity): UserDto {
    return {
      id: entity.id,
      email: entity.email,
      display_name: entity.displayName,
      role: entity.role,
      organization_id: entity.organizationId,
      avatar_url: entity.avatarUrl,
      timezone: entity.timezone,
      preferences: entity.preferences,
      is_active: entity.isActive,
      last_login_at: entity.lastLoginAt?.toISOString() ?? null,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class CreateUserDto {
  @ApiProperty({ example: 'ops@example.com' })
  @IsEmail() @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Ops Lead' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  display_name: string;

  @ApiProperty({ minLength: 8, maxLength: 200, writeOnly: true })
  @IsString() @MinLength(8) @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ enum: ['superadmin', 'admin'], default: 'admin' })
  @IsOptional() @IsIn(['superadmin', 'admin'])
  role?: 'superadmin' | 'admin';

  @ApiPropertyOptional({ format: 'uuid', description: 'required for role admin' })
  @ValidateIf((dto: CreateUserDto) => dto.role !== 'superadmin')
  @IsUUID()
  organization_id?: string;
}

export class UpdateProfileDto {
  @ApiPropertyOptional() @Omittable() @IsString() @IsNotEmpty() @MaxLength(200)
  display_name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null removes the avatar' })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(2048)
  avatar_url?: string | null;

  @ApiPropertyOptional({ example: 'Asia/Shanghai' }) @Omittable() @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @Omittable() @IsObject()
  preferences?: Record<string, unknown>;

  @ApiPropertyOptional({ minLength: 8, writeOnly: true, description: 'needs current_password' })
  @Omittable() @IsString() @MinLength(8) @MaxLength(200)
  new_password?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @ValidateIf((dto: UpdateProfileDto) => dto.new_password !== undefined)
  @IsString() @IsNotEmpty()
  current_password?: string;
}

export class UserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(USER_SORT), default: 'created_at' })
  @IsOptional() @IsIn(Object.keys(USER_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ description: 'matches email or display name' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}
