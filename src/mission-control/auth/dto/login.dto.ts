import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { UserDto } from '../../users/dto/user.dto';

export class AdminLoginDto {
  @ApiPropertyOptional({ description: 'the local admin token (LOCAL_AUTH_TOKEN); or use email + password', writeOnly: true })
  // a field that is sent is always checked: the service reads `token` whenever it is there
  @ValidateIf((dto: AdminLoginDto) => dto.token !== undefined || (dto.email === undefined && dto.password === undefined))
  @IsString() @IsNotEmpty() @MaxLength(512)
  token?: string;

  @ApiPropertyOptional({ example: 'ops@example.com' })
  @ValidateIf((dto: AdminLoginDto) => dto.email !== undefined || dto.token === undefined)
  @IsEmail() @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @ValidateIf((dto: AdminLoginDto) => dto.password !== undefined || dto.token === undefined)
  @IsString() @IsNotEmpty() @MaxLength(200)
  password?: string;
}

export class AdminLoginResponseDto {
  @ApiProperty({ description: 'admin JWT; send as Authorization: Bearer' }) access_token: string;
  @ApiProperty({ example: 'bearer' }) token_type: 'bearer';
  @ApiProperty({ example: 43200, description: 'seconds until the token expires' }) expires_in: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}
