import { Body, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import {
  NapcatLoginInfoAnswerDto,
  NapcatLoginStatusAnswerDto,
  NapcatLogoutAnswerDto,
  NapcatPasswordLoginAnswerDto,
  NapcatPlainAnswerDto,
  NapcatQrcodeAnswerDto,
  NapcatQuickLoginListAnswerDto,
  PasswordLoginDto,
  QuickLoginDto,
} from './dto/napcat.dto';
import { NapcatLoginService } from './napcat-login.service';

const PASS_THROUGH =
  "NapCat's answer `{code, message, data}` is passed through beside `ok: true` (code -1 is NapCat refusing, with the reason in message). " +
  '503 when the NapCat WebUI is not reachable or not configured, 502 when it refuses the WebUI token.';

@PanelController('napcat', 'Panel: QQ login')
export class NapcatController {
  constructor(private readonly login: NapcatLoginService) {}

  @Post('login-status')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'QQ login status (NapCat CheckLoginStatus)', description: PASS_THROUGH })
  @ApiOkResponse({ type: NapcatLoginStatusAnswerDto })
  loginStatus() {
    return this.login.loginStatus();
  }

  @Post('qrcode')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'The QQ login QR code as an image data URI', description: PASS_THROUGH })
  @ApiOkResponse({ type: NapcatQrcodeAnswerDto })
  qrcode() {
    return this.login.qrcode();
  }

  @Post('qrcode/refresh')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask QQ for a new login QR code and return it (image data URI)', description: PASS_THROUGH })
  @ApiOkResponse({ type: NapcatQrcodeAnswerDto })
  refreshQrcode() {
    return this.login.refreshQrcode();
  }

  @Get('quick-login-list')
  @PanelAuth()
  @ApiOperation({ summary: 'QQ accounts that can log in without a password (NapCat GetQuickLoginListNew)', description: PASS_THROUGH })
  @ApiOkResponse({ type: NapcatQuickLoginListAnswerDto })
  quickLoginList() {
    return this.login.quickLoginList();
  }

  @Post('quick-login')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Quick login with a remembered QQ account', description: PASS_THROUGH })
  @ApiOkResponse({ type: NapcatPlainAnswerDto })
  quickLogin(@Body() dto: QuickLoginDto) {
    return this.login.quickLogin(dto.uin);
  }

  @Post('password-login')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({
    summary: 'QQ password login (only the MD5 of the password is sent to NapCat)',
    description: `${PASS_THROUGH} A captcha or new-device step comes back in data exactly as NapCat answered it.`,
  })
  @ApiOkResponse({ type: NapcatPasswordLoginAnswerDto })
  passwordLogin(@Body() dto: PasswordLoginDto) {
    return this.login.passwordLogin(dto.uin, dto.password);
  }

  @Get('login-info')
  @PanelAuth()
  @ApiOperation({ summary: 'The logged-in QQ account (NapCat GetQQLoginInfo)', description: PASS_THROUGH })
  @ApiOkResponse({ type: NapcatLoginInfoAnswerDto })
  loginInfo() {
    return this.login.loginInfo();
  }

  @Post('logout')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log QQ out',
    description:
      "NapCat's WebUI has no QQ logout route. This clears NapCat's auto-login account (QQLogin/SetQuickLoginQQ with an empty uin) " +
      'and restarts NapCat (QQLogin/RestartNapCat, or Process/Restart on older NapCat), which comes back logged out and waiting for a ' +
      'QR, quick or password login. The account stays in the quick-login list. 503/502 as for the other routes.',
  })
  @ApiOkResponse({ type: NapcatLogoutAnswerDto })
  async logout(): Promise<NapcatLogoutAnswerDto> {
    return { ok: true, ...(await this.login.logout()) };
  }
}
