import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class NapcatStatusDto {
  @ApiProperty() connected: boolean;
  @ApiPropertyOptional({ example: 123456789 }) selfId?: number;
  @ApiPropertyOptional({ example: 'Bot' }) nickname?: string;
  @ApiProperty() groupCount: number;
  @ApiProperty() friendCount: number;
}

class WechatStatusDto {
  @ApiProperty() connected: boolean;
  @ApiProperty() loggedIn: boolean;
  @ApiPropertyOptional() name?: string;
}

class ChannelSummaryDto {
  @ApiProperty({ example: 'qq' }) id: string;
  @ApiProperty({ example: 'QQ (NapCat)' }) label: string;
  @ApiProperty({ enum: ['builtin', 'plugin'] }) type: string;
}

class OpenClawStatusDto {
  @ApiProperty({ description: 'openclaw.json exists' }) configured: boolean;
  @ApiProperty() qqPluginEnabled: boolean;
  @ApiProperty() qqChannelEnabled: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'anthropic/claude-sonnet-4-5' }) currentModel: string | null;
  @ApiProperty({ type: [ChannelSummaryDto] }) enabledChannels: ChannelSummaryDto[];
}

class AdminStatusDto {
  @ApiProperty({ description: 'seconds since this process started' }) uptime: number;
  @ApiProperty({ description: 'resident memory of this process, MB' }) memoryMB: number;
}

export class PanelStatusDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: NapcatStatusDto }) napcat: NapcatStatusDto;
  @ApiProperty({ type: WechatStatusDto }) wechat: WechatStatusDto;
  @ApiProperty({ type: OpenClawStatusDto }) openclaw: OpenClawStatusDto;
  @ApiProperty({ type: AdminStatusDto }) admin: AdminStatusDto;
}
