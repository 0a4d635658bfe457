import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { CUSTOM_FIELD_TYPES, CustomFieldType, TaskCustomFieldEntity } from '../entities/task-custom-field.entity';

const MAX_OPTIONS = 100;

export class CreateCustomFieldDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only this board\'s tasks carry the field; omitted: every board' })
  @IsOptional() @IsUUID()
  board_id?: string;

  @ApiProperty({ example: 'story_points', description: 'the property name in a task\'s custom_fields: a-z, 0-9, _' })
  @IsString() @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'key must be 1-64 lowercase letters, digits or _, starting with a letter' })
  key: string;

  @ApiProperty({ example: 'Story points', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  label: string;

  @ApiProperty({ enum: CUSTOM_FIELD_TYPES }) @IsIn(CUSTOM_FIELD_TYPES)
  type: CustomFieldType;

  @ApiPropertyOptional({ default: false, description: 'tasks created afterwards, and updates that change custom_fields, must carry a value' })
  @Omittable() @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['low', 'high'], description: 'the allowed values; required for enum fields' })
  @ValidateIf((dto: CreateCustomFieldDto) => dto.type === 'enum' || dto.options !== undefined)
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_OPTIONS) @ArrayUnique() @IsString({ each: true }) @MaxLength(100, { each: true })
  options?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000)
  description?: string | null;
}

/** The key, type and board of a field are fixed: they give meaning to values already stored. */
export class UpdateCustomFieldDto {
  @ApiPropertyOptional({ maxLength: 200 }) @Omittable() @IsString() @IsNotEmpty() @MaxLength(200)
  label?: string;

  @ApiPropertyOptional() @Omittable() @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'enum fields only' })
  @Omittable() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_OPTIONS) @ArrayUnique() @IsString({ each: true }) @MaxLength(100, { each: true })
  options?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000)
  description?: string | null;
}

export class CustomFieldListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "the fields a board's tasks carry: its own and the organization-wide ones" })
  @IsOptional() @IsUUID()
  board_id?: string;
}

export class CustomFieldDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: CUSTOM_FIELD_TYPES }) type: CustomFieldType;
  @ApiProperty() required: boolean;
  @ApiProperty({ type: [String] }) options: string[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: TaskCustomFieldEntity): CustomFieldDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      board_id: entity.boardId,
      key: entity.key,
      label: entity.label,
      type: entity.type,
      required: entity.required,
      options: entity.options,
      description: entity.description,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}
