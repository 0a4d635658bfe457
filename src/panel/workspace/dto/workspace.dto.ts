import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Omittable } from '../../../core/http/validation';
import { WORKSPACE_LIMITS } from '../workspace-settings';

/** The panel's error body. */
export class WorkspaceErrorDto {
  @ApiProperty({ example: false }) ok: false;
  @ApiProperty({ example: "path must not contain '..'" }) error: string;
}

export class WorkspaceFileDto {
  @ApiProperty({ example: 'report.md' }) name: string;
  @ApiProperty({ description: "relative to the workspace root, '/' between folders", example: 'docs/report.md' }) path: string;
  @ApiProperty({ description: 'bytes (0 for folders)' }) size: number;
  @ApiProperty({ example: '1.2 KB' }) sizeHuman: string;
  @ApiProperty() isDirectory: boolean;
  @ApiProperty({ description: 'a symbolic link (shown with its target; a link leading outside the workspace cannot be opened)' })
  isSymlink: boolean;
  @ApiProperty({ format: 'date-time' }) modifiedAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: "lower-case, with the dot; '' for folders", example: '.md' }) extension: string;
  @ApiProperty({ description: 'whole days since the last modification' }) ageDays: number;
  @ApiProperty({ type: String, nullable: true, description: "the operator's note on this path" }) note: string | null;
}

export class WorkspaceListDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [WorkspaceFileDto], description: 'folders first, then by name' }) files: WorkspaceFileDto[];
  @ApiProperty({ description: "'' for the root", example: 'docs' }) currentPath: string;
  @ApiProperty({ type: String, nullable: true, description: "null at the root, '' for a folder in the root" }) parentPath: string | null;
}

export class WorkspaceTypeStatDto {
  @ApiProperty({ description: "lower-case extension with the dot, '' when the name has none", example: '.log' }) extension: string;
  @ApiProperty() count: number;
  @ApiProperty({ description: 'bytes' }) size: number;
}

export class WorkspaceStatsDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ description: 'files under the root, at any depth (symbolic links are not followed)' }) totalFiles: number;
  @ApiProperty({ description: 'folders under the root, at any depth' }) totalFolders: number;
  @ApiProperty({ description: 'bytes' }) totalSize: number;
  @ApiProperty({ example: '1.0 MB' }) totalSizeHuman: string;
  @ApiProperty({ description: 'files a clean would remove now: older than autoCleanDays and not excluded' }) oldFiles: number;
  @ApiProperty({ type: [WorkspaceTypeStatDto], description: 'by extension, largest total first' }) byType: WorkspaceTypeStatDto[];
}

export class WorkspaceConfigDto {
  @ApiProperty({ description: 'run the age-based clean on a schedule' }) autoCleanEnabled: boolean;
  @ApiProperty({ description: 'files not modified for more than this many days are removed by a clean', minimum: 1, maximum: 3650 })
  autoCleanDays: number;
  @ApiProperty({
    type: [String],
    description:
      "glob patterns kept by every clean; a pattern without '/' matches a name at any depth (e.g. *.md), one with '/' " +
      'matches the path from the root (e.g. identity/**); a matching folder is kept with everything in it',
  })
  excludePatterns: string[];
  @ApiProperty({ description: 'minutes between scheduled cleans; the first runs a few seconds after start or after a change', minimum: 1, maximum: 10080 })
  autoCleanIntervalMinutes: number;
  @ApiProperty({ description: 'largest single uploaded file, bytes (larger: 413)' }) maxUploadFileBytes: number;
  @ApiProperty({ description: 'largest total of one upload request, bytes (larger: 413)' }) maxUploadTotalBytes: number;
  @ApiProperty({ description: 'most files in one upload request (more: 413)' }) maxUploadFiles: number;
}

export class WorkspaceConfigAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: WorkspaceConfigDto }) config: WorkspaceConfigDto;
}

/** PUT /api/workspace/config: the fields given replace the stored ones; the others stay. */
export class UpdateWorkspaceConfigDto {
  @ApiPropertyOptional() @Omittable() @IsBoolean()
  autoCleanEnabled?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650 })
  @Omittable() @IsInt() @Min(WORKSPACE_LIMITS.autoCleanDays.min) @Max(WORKSPACE_LIMITS.autoCleanDays.max)
  autoCleanDays?: number;

  @ApiPropertyOptional({ type: [String] })
  @Omittable() @IsArray() @ArrayMaxSize(WORKSPACE_LIMITS.excludePatterns.maxCount)
  @IsString({ each: true }) @MaxLength(WORKSPACE_LIMITS.excludePatterns.maxLength, { each: true })
  excludePatterns?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 10080 })
  @Omittable() @IsInt() @Min(WORKSPACE_LIMITS.autoCleanIntervalMinutes.min) @Max(WORKSPACE_LIMITS.autoCleanIntervalMinutes.max)
  autoCleanIntervalMinutes?: number;

  @ApiPropertyOptional()
  @Omittable() @IsInt() @Min(WORKSPACE_LIMITS.maxUploadFileBytes.min) @Max(WORKSPACE_LIMITS.maxUploadFileBytes.max)
  maxUploadFileBytes?: number;

  @ApiPropertyOptional()
  @Omittable() @IsInt() @Min(WORKSPACE_LIMITS.maxUploadTotalBytes.min) @Max(WORKSPACE_LIMITS.maxUploadTotalBytes.max)
  maxUploadTotalBytes?: number;

  @ApiPropertyOptional()
  @Omittable() @IsInt() @Min(WORKSPACE_LIMITS.maxUploadFiles.min) @Max(WORKSPACE_LIMITS.maxUploadFiles.max)
  maxUploadFiles?: number;
}

export class UploadedFileDto extends WorkspaceFileDto {
  @ApiProperty({ description: 'the name the file was sent with (differs from name when it was renamed to avoid a clash)' })
  originalName: string;
}

export class UploadAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [UploadedFileDto] }) files: UploadedFileDto[];
}

export class MkdirDto {
  @ApiProperty({ description: 'the new folder (one name, no "/")', example: 'reports' })
  @IsString() @MaxLength(1024)
  name: string;

  @ApiPropertyOptional({ description: "the folder to create it in; '' or absent for the root", example: 'docs' })
  @IsOptional() @IsString() @MaxLength(4096)
  path?: string;
}

export class MkdirAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ example: 'docs/reports' }) path: string;
  @ApiProperty({ type: WorkspaceFileDto }) folder: WorkspaceFileDto;
}

export class DeletePathsDto {
  @ApiProperty({ type: [String], description: 'files or folders (folders with everything in them); a symbolic link is removed itself, never its target' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(4096, { each: true })
  paths: string[];
}

export class DeleteAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [String] }) deleted: string[];
  @ApiProperty({ type: [String], description: 'paths that could not be removed, with the reason' }) errors: string[];
}

export class CleanDto {
  @ApiPropertyOptional({ description: 'override autoCleanDays for this run', minimum: 1, maximum: 3650 })
  @Omittable() @IsInt() @Min(WORKSPACE_LIMITS.autoCleanDays.min) @Max(WORKSPACE_LIMITS.autoCleanDays.max)
  maxAgeDays?: number;

  @ApiPropertyOptional({ description: 'only report what would be removed' })
  @Omittable() @IsBoolean()
  dryRun?: boolean;
}

export class CleanAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [String], description: 'files removed (or, with dryRun, that would be)' }) deleted: string[];
  @ApiProperty({ type: [String] }) errors: string[];
  @ApiProperty({ description: 'bytes' }) freedBytes: number;
  @ApiProperty() freedHuman: string;
  @ApiProperty() maxAgeDays: number;
  @ApiProperty() dryRun: boolean;
}

export class PreviewTextDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ enum: ['text'] }) type: 'text';
  @ApiProperty({ description: 'UTF-8 text, at most the first 512 KiB' }) content: string;
  @ApiProperty() truncated: boolean;
  @ApiProperty({ description: 'the whole file, bytes' }) size: number;
}

export class DownloadInfoDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: WorkspaceFileDto }) file: WorkspaceFileDto;
  @ApiProperty({ example: 'text/markdown; charset=utf-8' }) contentType: string;
}

export class WorkspaceNotesDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'path → note', example: { 'docs/report.md': 'weekly report' } })
  notes: Record<string, string>;
}

export class SetWorkspaceNoteDto {
  @ApiProperty({ description: 'file or folder, relative to the workspace root' })
  @IsString() @MaxLength(4096)
  path: string;

  @ApiProperty({ description: 'an empty note removes it', maxLength: 2000 })
  @IsString() @MaxLength(2000)
  note: string;
}

export class WorkspaceNoteAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty() path: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}
