import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { OrganizationEntity } from '../entities/organization.entity';

export const ORGANIZATION_SORT = { created_at: 'createdAt', updated_at: 'updatedAt', name: 'name', slug: 'slug' };

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Shenzhen Office', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'shenzhen-office', description: 'unique; derived from the name when omitted' })
  @Omittable() @IsString() @MaxLength(100)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lowercase letters, digits and single hyphens' })
  slug?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { timezone: 'Asia/Shanghai' } })
  @Omittable() @IsObject()
  settings?: Record<string, unknown>;
}

/** Absent fields stay as they are; null clears the description and is refused for the rest. */
export class UpdateOrganizationDto extends PartialType(OmitType(CreateOrganizationDto, ['description'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;
}

export class OrganizationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(ORGANIZATION_SORT), default: 'created_at' })
  @IsOptional() @IsIn(Object.keys(ORGANIZATION_SORT))
  sort?: string;

  @ApiPropertyOptional({ description: 'matches name or slug, case-insensitive' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: OrganizationEntity): OrganizationDto {
    return {
      id: entity.id,
      name: entity.name,
      slug: entity.slug,
      description: entity.description,
      settings: entity.settings,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}
