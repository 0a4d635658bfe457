import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { OptionalQueryBoolean } from '../../../core/http/validation';
import { byteLength, KIB, MaxBytes, SLUG, SLUG_MESSAGE } from '../../skills-marketplace/dto/text-validators';
import { SoulTemplateEntity } from '../entities/soul-template.entity';

export const SOUL_SORT = { name: 'name', slug: 'slug', created_at: 'createdAt', updated_at: 'updatedAt' };
export const MAX_SOUL_CONTENT_BYTES = 64 * KIB;

export class CreateSoulDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ example: 'friendly-analyst', pattern: SLUG.source, maxLength: 64, description: 'unique in the organization' })
  @IsString() @Matches(SLUG, { message: SLUG_MESSAGE })
  slug: string;

  @ApiProperty({ example: 'Friendly analyst', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000)
  description?: string | null;

  @ApiProperty({ maxLength: MAX_SOUL_CONTENT_BYTES, description: 'the SOUL.md body, at most 64 KiB of UTF-8', example: '# SOUL.md\n\nYou are calm, precise and kind.' })
  @IsString() @IsNotEmpty() @MaxBytes(MAX_SOUL_CONTENT_BYTES)
  content: string;
}

export class UpdateSoulDto extends PartialType(OmitType(CreateSoulDto, ['organization_id'] as const), { skipNullProperties: false }) {}

export class SoulListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(SOUL_SORT), default: 'name' }) @IsOptional() @IsIn(Object.keys(SOUL_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "this organization's templates (the built-ins are always listed)" })
  @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ description: 'words in the slug, name or description, case-insensitive' }) @IsOptional() @IsString() @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ description: 'true: only the built-in templates; false: only organization templates' })
  @OptionalQueryBoolean()
  built_in?: boolean;
}

export class ApplySoulDto {
  @ApiProperty({ format: 'uuid', description: 'the agent whose SOUL.md is replaced; it needs a gateway' }) @IsUUID()
  agent_id: string;
}

/** A template as lists show it (no content). */
export class SoulSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a built-in template' }) organization_id: string | null;
  @ApiProperty({ description: 'shipped with the service and read-only' }) built_in: boolean;
  @ApiProperty({ example: 'patient-tutor' }) slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: 'bytes of content' }) content_size: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: SoulTemplateEntity): SoulSummaryDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      built_in: entity.organizationId === null,
      slug: entity.slug,
      name: entity.name,
      description: entity.description,
      content_size: byteLength(entity.content),
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class SoulDto extends SoulSummaryDto {
  @ApiProperty({ description: 'the SOUL.md body' }) content: string;

  static override from(entity: SoulTemplateEntity): SoulDto {
    return { ...SoulSummaryDto.from(entity), content: entity.content };
  }
}

export class AppliedFileDto {
  @ApiProperty({ example: 'SOUL.md' }) name: string;
  @ApiProperty({ description: 'bytes written' }) size: number;
  @ApiProperty({ nullable: true, type: String, description: "the gateway's hash of the file as written" }) hash: string | null;
}

export class SoulApplicationDto {
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty({ format: 'uuid' }) gateway_id: string;
  @ApiProperty({ format: 'uuid' }) soul_id: string;
  @ApiProperty({ type: AppliedFileDto }) file: AppliedFileDto;
}
