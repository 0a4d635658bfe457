import { ApiProperty } from '@nestjs/swagger';

export class AdminConfigDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'one object per section, e.g. {qq: {...}, wechat: {...}}' })
  config: Record<string, unknown>;
}
