import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable, OptionalQueryBoolean } from '../../../core/http/validation';
import { KnowledgeDocumentEntity } from '../entities/knowledge-document.entity';
import { KNOWLEDGE_SOURCES, KnowledgeEntryEntity, KnowledgeSource } from '../entities/knowledge-entry.entity';

export const KNOWLEDGE_SORT = { created_at: 'createdAt', updated_at: 'updatedAt', title: 'title' };
export const SEARCH_MODES = ['keyword', 'semantic', 'hybrid'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];
export const MAX_CONTENT_CHARS = 200_000;
export const MAX_TAGS = 20;
export const MAX_SEARCH_LIMIT = 100;

export class KnowledgeDocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) knowledge_id: string;
  @ApiProperty({ example: '备份手册.pdf' }) filename: string;
  @ApiProperty({ enum: ['text/plain', 'text/markdown', 'text/html', 'application/pdf'] }) content_type: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ description: 'characters of text taken from the file into the search index' }) extracted_chars: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(document: KnowledgeDocumentEntity): KnowledgeDocumentDto {
    return {
      id: document.id,
      knowledge_id: document.knowledgeId,
      filename: document.filename,
      content_type: document.contentType,
      size: document.size,
      extracted_chars: document.extractedChars,
      created_at: document.createdAt.toISOString(),
    };
  }
}

export class KnowledgeEmbeddingStateDto {
  @ApiProperty({ example: 'builtin-hashed-v1' }) model: string;
  @ApiProperty() dim: number;
  @ApiProperty({ description: 'false: the entry changed, or the model did, since this vector was made (a job is on it)' }) current: boolean;
  @ApiProperty({ format: 'date-time' }) embedded_at: string;
}

export class KnowledgeEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ example: '网关升级步骤' }) title: string;
  @ApiProperty({ example: '升级网关之前需要先备份数据库' }) content: string;
  @ApiProperty({ nullable: true, type: String, example: '技术文档' }) category: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ enum: KNOWLEDGE_SOURCES }) source: KnowledgeSource;
  @ApiProperty() pinned: boolean;
  @ApiProperty({ type: [KnowledgeDocumentDto] }) documents: KnowledgeDocumentDto[];
  @ApiProperty({ type: KnowledgeEmbeddingStateDto, nullable: true, description: 'the vector semantic search uses; null until the embedding job has run' })
  embedding: KnowledgeEmbeddingStateDto | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entry: KnowledgeEntryEntity, documents: KnowledgeDocumentEntity[], embedding: KnowledgeEmbeddingStateDto | null): KnowledgeEntryDto {
    return {
      id: entry.id,
      organization_id: entry.organizationId,
      board_id: entry.boardId,
      title: entry.title,
      content: entry.content,
      category: entry.category,
      tags: entry.tags,
      source: entry.source,
      pinned: entry.pinned,
      documents: documents.map(KnowledgeDocumentDto.from),
      embedding,
      created_at: entry.createdAt.toISOString(),
      updated_at: entry.updatedAt.toISOString(),
    };
  }
}

/** What an agent may say about an entry; admins add the organisation. */
export class SaveKnowledgeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a board of the organization' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiProperty({ maxLength: 300, example: '网关升级步骤' }) @IsString() @IsNotEmpty() @MaxLength(300)
  title: string;

  @ApiProperty({ maxLength: MAX_CONTENT_CHARS, example: '升级网关之前需要先备份数据库' }) @IsString() @MaxLength(MAX_CONTENT_CHARS)
  content: string;

  @ApiPropertyOptional({ maxLength: 100, example: '技术文档' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_TAGS, description: 'each 1-50 characters; duplicates are dropped' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_TAGS) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ default: false }) @Omittable() @IsBoolean()
  pinned?: boolean;
}

export class CreateKnowledgeDto extends SaveKnowledgeDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiPropertyOptional({ enum: KNOWLEDGE_SOURCES, default: 'manual' }) @Omittable() @IsIn(KNOWLEDGE_SOURCES)
  source?: KnowledgeSource;
}

/** Absent fields stay as they are; null clears board and category. */
export class UpdateKnowledgeDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) @IsOptional() @IsUUID()
  board_id?: string | null;

  @ApiPropertyOptional({ maxLength: 300 }) @Omittable() @IsString() @IsNotEmpty() @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: MAX_CONTENT_CHARS }) @Omittable() @IsString() @MaxLength(MAX_CONTENT_CHARS)
  content?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  category?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_TAGS }) @Omittable()
  @IsArray() @ArrayMaxSize(MAX_TAGS) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ enum: KNOWLEDGE_SOURCES }) @Omittable() @IsIn(KNOWLEDGE_SOURCES)
  source?: KnowledgeSource;

  @ApiPropertyOptional() @Omittable() @IsBoolean()
  pinned?: boolean;
}

export class PinKnowledgeDto {
  @ApiPropertyOptional({ description: 'absent: the pin is toggled' }) @Omittable() @IsBoolean()
  pinned?: boolean;
}

export class KnowledgeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(KNOWLEDGE_SORT), default: 'updated_at', description: 'pinned entries come first whatever the sort' })
  @IsOptional() @IsIn(Object.keys(KNOWLEDGE_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ maxLength: 50, description: 'entries carrying this tag' }) @IsOptional() @IsString() @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({ type: Boolean }) @OptionalQueryBoolean()
  pinned?: boolean;
}

export class KnowledgeSearchDto {
  @ApiProperty({ example: '备份 网关', maxLength: 500 }) @IsString() @IsNotEmpty() @MaxLength(500)
  query: string;

  @ApiPropertyOptional({ enum: SEARCH_MODES, default: 'hybrid' }) @Omittable() @IsIn(SEARCH_MODES)
  mode?: SearchMode;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ maxLength: 100, example: '技术文档' }) @IsOptional() @IsString() @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_SEARCH_LIMIT, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SEARCH_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;
}

export class KnowledgeSearchHitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'HTML-escaped text around the first match, matched words in `<mark>`…`</mark>`', example: '升级网关之前需要先<mark>备份</mark>数据库' })
  snippet: string;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty() pinned: boolean;
  @ApiProperty({ description: '0..1: keyword, semantic, or 0.3 × keyword + 0.7 × semantic (hybrid)' }) score: number;
  @ApiProperty({ nullable: true, type: Number, description: '0..1: text-search rank over the best rank of this search; null in semantic mode' }) keyword_score: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '0..1: cosine similarity (negative taken as 0); null in keyword mode, or when the entry has no vector of the current model yet' })
  semantic_score: number | null;
}

export class KnowledgeSearchResultDto {
  @ApiProperty({ enum: SEARCH_MODES }) mode: SearchMode;
  @ApiProperty({ type: [KnowledgeSearchHitDto], description: 'best first; pinned first among equal scores' }) items: KnowledgeSearchHitDto[];
}
