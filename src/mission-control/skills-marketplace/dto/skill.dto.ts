import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { MarketplaceSkillEntity, SKILL_SOURCES, SkillSource } from '../entities/marketplace-skill.entity';
import { byteLength, IsSafeFileMap, KIB, MaxBytes, SLUG, SLUG_MESSAGE } from './text-validators';

export const SKILL_SORT = { name: 'name', slug: 'slug', created_at: 'createdAt', updated_at: 'updatedAt' };
export const MAX_SKILL_CONTENT_BYTES = 256 * KIB;
export const SKILL_FILE_LIMITS = { maxFiles: 50, maxFileBytes: 256 * KIB, maxTotalBytes: 512 * KIB, reserved: ['SKILL.md'] };
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,49}$/;
const CLAWHUB_SLUG = /^[A-Za-z0-9@][A-Za-z0-9._/@-]{0,199}$/;

export class CreateSkillDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ example: 'release-notes', pattern: SLUG.source, maxLength: 64, description: 'the skill key on a gateway; unique in the organization; cannot be changed later' })
  @IsString() @Matches(SLUG, { message: SLUG_MESSAGE })
  slug: string;

  @ApiProperty({ example: 'Release notes writer', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 1000, description: 'also the SKILL.md front-matter description when the content has none' })
  @IsOptional() @IsString() @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({ example: '1.0.0', default: '1.0.0', description: 'for ClawHub skills, the version the gateway installs' })
  @Omittable() @IsString() @Matches(VERSION, { message: 'version must be 1-50 letters, digits, dots, plus or minus signs' })
  version?: string;

  @ApiPropertyOptional({ enum: SKILL_SOURCES, default: 'bundle', description: 'bundle: we upload content and files; clawhub: the gateway fetches clawhub_slug' })
  @Omittable() @IsIn(SKILL_SOURCES)
  source?: SkillSource;

  @ApiPropertyOptional({
    maxLength: MAX_SKILL_CONTENT_BYTES,
    description: 'the SKILL.md body (required for bundle skills, at most 256 KiB of UTF-8). Front matter `name`/`description` is added when missing, and `name` is always the slug.',
    example: '# Release notes\n\nCollect merged pull requests and write the notes.',
  })
  @ValidateIf((dto: CreateSkillDto) => (dto.source ?? 'bundle') === 'bundle' || dto.content !== undefined)
  @IsString({ message: 'content (the SKILL.md body) is required for bundle skills' }) @IsNotEmpty() @MaxBytes(MAX_SKILL_CONTENT_BYTES)
  content?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'scripts/collect.sh': '#!/bin/sh\ngit log --oneline\n' },
    description: 'extra text files of a bundle, {relative path: content}: no absolute paths, no "..", no NUL; at most 50 files, 256 KiB each, 512 KiB together',
  })
  @Omittable() @IsObject() @IsSafeFileMap(SKILL_FILE_LIMITS)
  files?: Record<string, string>;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'steipete/release-notes', maxLength: 200, description: 'required for ClawHub skills' })
  @ValidateIf((dto: CreateSkillDto) => dto.source === 'clawhub' || (dto.clawhub_slug !== undefined && dto.clawhub_slug !== null))
  @IsString({ message: 'clawhub_slug is required for ClawHub skills' }) @Matches(CLAWHUB_SLUG, { message: 'clawhub_slug must be 1-200 letters, digits, or . _ / @ -' })
  clawhub_slug?: string | null;
}

export class UpdateSkillDto extends PartialType(OmitType(CreateSkillDto, ['organization_id', 'slug'] as const), { skipNullProperties: false }) {}

export class SkillListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(SKILL_SORT), default: 'name' }) @IsOptional() @IsIn(Object.keys(SKILL_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ description: 'words in the slug, name or description, case-insensitive' }) @IsOptional() @IsString() @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: SKILL_SOURCES }) @IsOptional() @IsIn(SKILL_SOURCES)
  source?: SkillSource;
}

/** A catalogue entry as lists show it (no content). */
export class SkillSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ example: 'release-notes' }) slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: '1.0.0' }) version: string;
  @ApiProperty({ enum: SKILL_SOURCES }) source: SkillSource;
  @ApiProperty({ nullable: true, type: String }) clawhub_slug: string | null;
  @ApiProperty({ description: 'bytes of SKILL.md content' }) content_size: number;
  @ApiProperty({ type: [String], description: 'the extra files, by relative path' }) file_names: string[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: MarketplaceSkillEntity): SkillSummaryDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      slug: entity.slug,
      name: entity.name,
      description: entity.description,
      version: entity.version,
      source: entity.source,
      clawhub_slug: entity.clawhubSlug,
      content_size: entity.content === null ? 0 : byteLength(entity.content),
      file_names: Object.keys(entity.files).sort(),
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class SkillDto extends SkillSummaryDto {
  @ApiProperty({ nullable: true, type: String, description: 'the SKILL.md body as stored' }) content: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) files: Record<string, string>;

  static override from(entity: MarketplaceSkillEntity): SkillDto {
    return { ...SkillSummaryDto.from(entity), content: entity.content, files: entity.files };
  }
}
