import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Public } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import { LoginRateLimited } from '../../core/http/rate-limit';
import { PanelLoginDto, PanelLoginResponseDto } from './dto/panel-login.dto';
import { PanelAuthService } from './panel-auth.service';

@PanelController('auth', 'Panel: auth')
export class PanelAuthController {
  constructor(private readonly auth: PanelAuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @LoginRateLimited()
  @ApiOperation({ summary: 'Exchange the ADMIN_TOKEN for a panel JWT' })
  @ApiOkResponse({ type: PanelLoginResponseDto })
  login(@Body() dto: PanelLoginDto): PanelLoginResponseDto {
    return { ok: true, token: this.auth.login(dto.token) };
  }
}
