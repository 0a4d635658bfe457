import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

const QQ_NUMBER = /^[1-9]\d{4,11}$/;
const asString = ({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value);

export class QuickLoginDto {
  @ApiProperty({ description: 'QQ number (an account from quick-login-list)', example: '123456789' })
  @Transform(asString) @IsString() @Matches(QQ_NUMBER, { message: 'uin must be a QQ number' })
  uin: string;
}

export class PasswordLoginDto {
  @ApiProperty({ description: 'QQ number', example: '123456789' })
  @Transform(asString) @IsString() @Matches(QQ_NUMBER, { message: 'uin must be a QQ number' })
  uin: string;

  @ApiProperty({ description: 'the QQ password: only its MD5 is sent to NapCat; it is never stored or logged', writeOnly: true })
  @IsString() @IsNotEmpty() @MaxLength(128)
  password: string;
}

/** NapCat's own answer is passed through beside `ok`: `code` 0 (done) or -1 (refused, reason in `message`). */
abstract class NapcatAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ description: "NapCat's code: 0 success, -1 refused (see message)", example: 0 }) code: number;
  @ApiProperty({ description: "NapCat's message, e.g. `success`, `QQ Is Logined`", example: 'success' }) message: string;
}

export class NapcatLoginStatusDataDto {
  @ApiProperty() isLogin: boolean;
  @ApiPropertyOptional() isOffline?: boolean;
  @ApiPropertyOptional({ description: 'the URL of the current login QR code' }) qrcodeurl?: string;
  @ApiPropertyOptional() loginError?: string;
}

export class NapcatLoginStatusAnswerDto extends NapcatAnswerDto {
  @ApiPropertyOptional({ type: NapcatLoginStatusDataDto }) data?: NapcatLoginStatusDataDto;
}

export class NapcatQrcodeDataDto {
  @ApiProperty({ description: 'the login QR code as an image data URI (`data:image/png;base64,…`)', example: 'data:image/png;base64,iVBORw0KGgo…' })
  qrcode: string;
  @ApiPropertyOptional({ description: 'what the QR code encodes (the URL NapCat gave)' }) url?: string;
}

export class NapcatQrcodeAnswerDto extends NapcatAnswerDto {
  @ApiPropertyOptional({ type: NapcatQrcodeDataDto, description: 'absent when NapCat refused (e.g. `QQ Is Logined`)' }) data?: NapcatQrcodeDataDto;
}

export class NapcatQuickLoginAccountDto {
  @ApiProperty({ example: '123456789' }) uin: string;
  @ApiPropertyOptional() uid?: string;
  @ApiPropertyOptional() nickName?: string;
  @ApiPropertyOptional() faceUrl?: string;
  @ApiPropertyOptional() facePath?: string;
  @ApiPropertyOptional() loginType?: number;
  @ApiPropertyOptional() isQuickLogin?: boolean;
  @ApiPropertyOptional() isAutoLogin?: boolean;
}

export class NapcatQuickLoginListAnswerDto extends NapcatAnswerDto {
  @ApiPropertyOptional({ type: [NapcatQuickLoginAccountDto], description: "accounts QQ remembers on NapCat's machine (GetQuickLoginListNew)" })
  data?: NapcatQuickLoginAccountDto[];
}

export class NapcatPlainAnswerDto extends NapcatAnswerDto {
  @ApiPropertyOptional({ nullable: true, type: Object, description: 'null on success' }) data?: null;
}

export class NapcatPasswordStepDto {
  @ApiPropertyOptional({ description: 'QQ wants a captcha solved at proofWaterUrl' }) needCaptcha?: boolean;
  @ApiPropertyOptional() proofWaterUrl?: string;
  @ApiPropertyOptional({ description: 'QQ wants the new device verified at jumpUrl' }) needNewDevice?: boolean;
  @ApiPropertyOptional() jumpUrl?: string;
  @ApiPropertyOptional() newDevicePullQrCodeSig?: string;
}

export class NapcatPasswordLoginAnswerDto extends NapcatAnswerDto {
  @ApiPropertyOptional({
    type: NapcatPasswordStepDto,
    nullable: true,
    description: "null when logged in; QQ's captcha / new-device step exactly as NapCat answered it otherwise",
  })
  data?: NapcatPasswordStepDto | null;
}

export class NapcatLoginInfoDataDto {
  @ApiPropertyOptional({ example: '123456789' }) uin?: string;
  @ApiPropertyOptional() uid?: string;
  @ApiPropertyOptional() nick?: string;
  @ApiPropertyOptional() online?: boolean;
  @ApiPropertyOptional() avatarUrl?: string;
}

export class NapcatLoginInfoAnswerDto extends NapcatAnswerDto {
  @ApiPropertyOptional({ type: NapcatLoginInfoDataDto, description: "NapCat's self info (more fields than listed may come)" })
  data?: NapcatLoginInfoDataDto;
}

export class NapcatLogoutAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ example: 'QQ 已退出登录，NapCat 正在重启...' }) message: string;
}
