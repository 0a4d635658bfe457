import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';

const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class WechatStatusDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ description: 'wechatbot-webhook answered with our token' }) connected: boolean;
  @ApiProperty({ description: 'a WeChat account is logged in' }) loggedIn: boolean;
  @ApiPropertyOptional({ description: "the logged-in account's nickname", example: '微信昵称' }) name?: string;
  @ApiProperty({ description: 'the panel setting `enabled` (when false the bridge is not watched or used)' }) enabled: boolean;
  @ApiPropertyOptional({ description: 'why the bridge counts as disconnected' }) error?: string;
}

export class WechatLoginUrlDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ description: 'the QR login page for the browser (same as externalUrl)', example: 'http://my-host:3002/login?token=…' }) url: string;
  @ApiProperty({ description: 'the login page as a browser reaches it: `loginPublicUrl`, else WECHAT_WEBHOOK_URL with the host the panel was opened on' })
  externalUrl: string;
  @ApiProperty({ description: 'the login page at WECHAT_WEBHOOK_URL, as this service reaches it' }) internalUrl: string;
}

export class WechatSendDto {
  @ApiProperty({ description: "a contact's nickname, or a group's name with isRoom", example: 'wxid_xxx 或群名', maxLength: 256 })
  @IsString() @IsNotEmpty() @MaxLength(256)
  to: string;

  @ApiProperty({ example: '消息内容', maxLength: 20000 }) @IsString() @IsNotEmpty() @MaxLength(20000)
  content: string;

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean()
  isRoom?: boolean;
}

export class WechatSendFileDto {
  @ApiProperty({ description: "a contact's nickname, or a group's name with isRoom", example: 'wxid_xxx', maxLength: 256 })
  @IsString() @IsNotEmpty() @MaxLength(256)
  to: string;

  @ApiProperty({ description: 'http(s) URL the bridge downloads and sends as a file or image', example: 'https://example.com/file.pdf', maxLength: 2048 })
  @IsString() @IsUrl(HTTP_URL, { message: 'fileUrl must be an http(s) URL' }) @MaxLength(2048)
  fileUrl: string;

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean()
  isRoom?: boolean;
}

export class WechatSendTaskDto {
  @ApiProperty() successCount: number;
  @ApiProperty() totalCount: number;
  @ApiProperty() failedCount: number;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) reject: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) sentFailed: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) notFound: unknown[];
}

export class WechatSendResultDto {
  @ApiProperty() success: boolean;
  @ApiProperty({ example: 'Message sent successfully' }) message: string;
  @ApiPropertyOptional({ type: WechatSendTaskDto }) task?: WechatSendTaskDto;
}

export class WechatSendAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: WechatSendResultDto, description: "wechatbot-webhook's answer" }) result: WechatSendResultDto;
}

export class WechatConfigDto {
  @ApiProperty({ default: true, description: 'watch the bridge and send through it (received messages are logged either way)' }) enabled: boolean;
  @ApiProperty({ default: false, description: "kept for the panel UI; this service does not answer WeChat messages itself" }) autoReply: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'where browsers reach wechatbot-webhook, for its QR login page', example: 'http://my-host:3002' })
  loginPublicUrl: string | null;
}

export class WechatBridgeInfoDto {
  @ApiProperty({ description: 'WECHAT_WEBHOOK_URL' }) url: string;
  @ApiProperty({ description: 'whether WECHAT_TOKEN is set' }) tokenConfigured: boolean;
  @ApiProperty({ description: "set wechatbot-webhook's RECVD_MSG_API to this URL (it carries the callback secret)" }) callbackUrl: string;
}

export class WechatConfigAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: WechatConfigDto }) config: WechatConfigDto;
  @ApiProperty({ type: WechatBridgeInfoDto, description: 'read-only: set through the environment' }) bridge: WechatBridgeInfoDto;
}

export class UpdateWechatConfigDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  autoReply?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'http(s) base URL of wechatbot-webhook as browsers reach it; null: derived', maxLength: 2048 })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsString() @IsUrl(HTTP_URL, { message: 'loginPublicUrl must be an http(s) URL' }) @MaxLength(2048)
  loginPublicUrl?: string | null;
}

export class WechatCallbackAnswerDto {
  @ApiProperty({ example: true }) ok: true;
}

/** The form wechatbot-webhook posts (documentation only: the form is read by the service). */
export const WECHAT_CALLBACK_FORM_SCHEMA = {
  type: 'object',
  required: ['type'],
  properties: {
    type: {
      type: 'string',
      description: 'text | file | urlLink | friendship | unknown | system_event_login | system_event_logout | system_event_error | system_event_push_notify',
    },
    content: { type: 'string', description: 'the text, the JSON of urlLink / friendship / system events, or the file (binary) of a file message' },
    source: { type: 'string', description: 'JSON: {room, to, from} (wechaty objects)' },
    isMentioned: { type: 'string', enum: ['1', '0'] },
    isMsgFromSelf: { type: 'string', enum: ['1', '0'] },
    isSystemEvent: { type: 'string', enum: ['1', '0'] },
  },
};
