import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, Max, Min, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import type { OneBotMessage } from '../../../integrations/onebot';

export const MAX_TEXT_LENGTH = 5_000;
export const MAX_SEGMENTS = 50;
const MAX_SEGMENTS_JSON = 64 * 1024;
const SEGMENT_TYPE = /^[a-z][a-z0-9_]{0,31}$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why `value` is not a OneBot 11 message (non-blank text, or 1–50 `{type, data}` segments), or undefined when it is one. */
export function oneBotMessageProblem(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (!value.trim()) return 'message must not be blank';
    if (value.length > MAX_TEXT_LENGTH) return `message must be at most ${MAX_TEXT_LENGTH} characters`;
    return undefined;
  }
  if (!Array.isArray(value)) return 'message must be a string or an array of OneBot segments {type, data}';
  if (value.length === 0) return 'message must have at least one segment';
  if (value.length > MAX_SEGMENTS) return `message must have at most ${MAX_SEGMENTS} segments`;
  for (const [index, segment] of value.entries()) {
    if (!isPlainObject(segment)) return `message[${index}] must be an object {type, data}`;
    if (typeof segment.type !== 'string' || !SEGMENT_TYPE.test(segment.type)) return `message[${index}].type must be a segment type such as "text"`;
    if (!isPlainObject(segment.data)) return `message[${index}].data must be an object`;
    const extra = Object.keys(segment).filter((key) => key !== 'type' && key !== 'data');
    if (extra.length > 0) return `message[${index}] has unknown fields: ${extra.join(', ')}`;
    if (segment.type === 'text' && (typeof segment.data.text !== 'string' || segment.data.text.length === 0)) {
      return `message[${index}].data.text must be a non-empty string`;
    }
  }
  if (JSON.stringify(value).length > MAX_SEGMENTS_JSON) return `message must be at most ${MAX_SEGMENTS_JSON} bytes of JSON`;
  return undefined;
}

function IsOneBotMessage(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isOneBotMessage',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => oneBotMessageProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => oneBotMessageProblem(args?.value) ?? 'message is invalid',
      },
    });
}

const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value);

export class SendMessageDto {
  @ApiProperty({ enum: ['private', 'group'], example: 'private' })
  @IsIn(['private', 'group'])
  type: 'private' | 'group';

  @ApiProperty({ description: 'QQ number (private) or group number (group)', example: 123456789 })
  @Transform(toNumber) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  id: number;

  @ApiProperty({
    description: `CQ-code text, or OneBot 11 segments (at most ${MAX_SEGMENTS})`,
    oneOf: [
      { type: 'string', maxLength: MAX_TEXT_LENGTH },
      {
        type: 'array',
        maxItems: MAX_SEGMENTS,
        items: { type: 'object', required: ['type', 'data'], properties: { type: { type: 'string', example: 'text' }, data: { type: 'object', example: { text: 'Hello' } } } },
      },
    ],
    example: [{ type: 'text', data: { text: 'Hello' } }],
  })
  @IsOneBotMessage()
  message: OneBotMessage;
}

export class BotGroupDto {
  @ApiProperty({ example: 20001 }) group_id: number;
  @ApiProperty() group_name: string;
  @ApiPropertyOptional() member_count?: number;
  @ApiPropertyOptional() max_member_count?: number;
}

export class BotFriendDto {
  @ApiProperty({ example: 10001 }) user_id: number;
  @ApiProperty() nickname: string;
  @ApiPropertyOptional() remark?: string;
}

export class BotGroupsDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [BotGroupDto], description: 'as OneBot get_group_list answers (more fields may come)' }) groups: BotGroupDto[];
}

export class BotFriendsDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [BotFriendDto], description: 'as OneBot get_friend_list answers (more fields may come)' }) friends: BotFriendDto[];
}

export class BotSendAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiPropertyOptional({ description: 'message_id OneBot gave the sent message' }) messageId?: number;
}

export class BotReconnectAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ example: 'Reconnecting to NapCat OneBot' }) message: string;
}
