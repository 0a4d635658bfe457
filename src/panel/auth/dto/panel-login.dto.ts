import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class PanelLoginDto {
  @ApiProperty({ description: 'the ADMIN_TOKEN', writeOnly: true })
  @IsString() @IsNotEmpty() @MaxLength(512)
  token: string;
}

export class PanelLoginResponseDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ description: 'panel JWT: Authorization: Bearer, or ?token= on /ws and file links' }) token: string;
}
