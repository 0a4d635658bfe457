import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const FREE_FORM = { type: 'object', additionalProperties: true } as const;

export class OpenClawConfigAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ ...FREE_FORM, description: 'openclaw.json as parsed (JSON5 comments are not kept); {} when the file does not exist' })
  config: Record<string, unknown>;
}

export class PutOpenClawConfigDto {
  @ApiProperty({
    ...FREE_FORM,
    description: 'The whole new openclaw.json. Checked against the schema of the pinned OpenClaw first: a key it would refuse is a 400 naming it',
  })
  @IsObject()
  config: Record<string, unknown>;
}

export class OpenClawWriteAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ description: 'false when the file already held exactly this (nothing written)' }) changed: boolean;
  @ApiPropertyOptional({ description: 'the backup of the previous file (GET /api/system/backups)', example: 'openclaw-2026-01-02T03-04-05-678Z.json' })
  backup?: string;
}

export class OpenClawModelsAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ ...FREE_FORM, description: 'models.providers' }) providers: Record<string, unknown>;
  @ApiProperty({ description: 'agents.defaults.model.primary ("" when unset)', example: 'anthropic/claude-sonnet-4-5' }) currentModel: string;
}

export class PutOpenClawModelsDto {
  @ApiPropertyOptional({ ...FREE_FORM, description: 'replaces models.providers (provider id → {baseUrl, apiKey, api, models: [{id, name, …}]})' })
  @IsOptional()
  @IsObject()
  providers?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'sets agents.defaults.model.primary ("provider/model"); "" removes it', example: 'openai/gpt-4o' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  currentModel?: string;
}

/** The fields of a channel or plugin entry this service reads itself; OpenClaw's schema checks the rest of the merged file. */
export class OpenClawEntryPatchDto {
  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'null removes it' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean | null;
}

export class OpenClawChannelsAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ ...FREE_FORM, description: 'openclaw.json channels' }) channels: Record<string, unknown>;
  @ApiProperty({ ...FREE_FORM, description: 'openclaw.json plugins.entries' }) plugins: Record<string, unknown>;
}

export class ToggleChannelDto {
  @ApiProperty({ example: 'qq' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { message: 'channelId must be a channel id (letters, digits, _ . -)' })
  channelId: string;

  @ApiProperty({ example: false }) @IsBoolean() enabled: boolean;
}

export class ToggleChannelAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ example: 'QQ (NapCat) 通道已禁用' }) message: string;
  @ApiProperty({ description: 'whether openclaw.json changed' }) changed: boolean;
  @ApiPropertyOptional({ description: 'the backup of the previous openclaw.json' }) backup?: string;
  @ApiPropertyOptional({ description: 'the gateway restart request handed to the host watcher' }) restartRequestId?: string;
  @ApiPropertyOptional({ description: 'QQ was logged out through NapCat (QQ disabled)' }) qqLoggedOut?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'follow-up steps that failed (the config change itself was made)' }) warnings?: string[];
}

export class BackupEntryDto {
  @ApiProperty({ example: 'backup-2026-01-02T03-04-05-678Z', description: 'what POST /api/system/restore takes' }) name: string;
  @ApiProperty({ enum: ['config', 'cron', 'full'], description: 'config: openclaw.json; cron: cron/jobs.json; full: both (as they existed)' })
  kind: 'config' | 'cron' | 'full';
  @ApiProperty({ description: 'ISO 8601' }) time: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ type: [String], example: ['openclaw.json', 'cron/jobs.json'] }) files: string[];
}

export class BackupsAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [BackupEntryDto], description: 'newest first' }) backups: BackupEntryDto[];
}

export class CreateBackupAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ description: 'the new backup\'s name', example: 'backup-2026-01-02T03-04-05-678Z' }) backupId: string;
  @ApiProperty({ type: BackupEntryDto }) backup: BackupEntryDto;
}

export class RestoreBackupDto {
  @ApiProperty({ description: 'a name from GET /api/system/backups', example: 'backup-2026-01-02T03-04-05-678Z' })
  @IsString()
  @MaxLength(200)
  backupName: string;
}

export class RestoreBackupAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty() restored: string;
  @ApiProperty({ type: [String], example: ['openclaw.json'] }) files: string[];
  @ApiPropertyOptional({ description: 'snapshot of the files the restore replaced' }) preRestoreBackup?: string;
}
