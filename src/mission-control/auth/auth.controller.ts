import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '../../core/auth/auth.decorators';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { LoginRateLimited } from '../../core/http/rate-limit';
import { AuthService } from './auth.service';
import { AdminLoginDto, AdminLoginResponseDto } from './dto/login.dto';

@ApiTags('Auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @LoginRateLimited()
  @ApiOperation({
    summary: 'Exchange the local admin token, or an admin user\'s email and password, for an admin JWT',
    description: 'AUTH_MODE=local only. In clerk mode the identity provider issues the JWT and this answers 400.',
  })
  @ApiOkResponse({ type: AdminLoginResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  login(@Body() dto: AdminLoginDto) {
    return this.auth.login(dto);
  }
}
