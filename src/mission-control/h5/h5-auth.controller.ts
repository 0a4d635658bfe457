import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentPrincipal, H5Auth, Public } from '../../core/auth/auth.decorators';
import type { H5Principal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { LoginRateLimited } from '../../core/http/rate-limit';
import { H5LoginDto, H5RefreshDto, H5RegisterDto, H5TokenPairDto, H5UserDto, UpdateH5ProfileDto } from './dto/h5.dto';
import { H5AuthService } from './h5-auth.service';

@ApiTags('H5 auth')
@Controller('api/v1/h5/auth')
export class H5AuthController {
  constructor(private readonly auth: H5AuthService) {}

  @Post('register')
  @Public()
  @LoginRateLimited()
  @ApiOperation({ summary: 'Register an H5 user in an organization; answers with a signed-in token pair' })
  @ApiCreatedResponse({ type: H5TokenPairDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'username taken in this organization' })
  register(@Body() dto: H5RegisterDto) {
    return this.auth.register(dto);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @LoginRateLimited()
  @ApiOperation({ summary: 'Log in; access token 15 minutes, refresh token 30 days' })
  @ApiOkResponse({ type: H5TokenPairDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  login(@Body() dto: H5LoginDto) {
    return this.auth.login(dto);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair',
    description: 'Each refresh token works once. Presenting a spent one revokes every token of that sign-in (401).',
  })
  @ApiOkResponse({ type: H5TokenPairDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  refresh(@Body() dto: H5RefreshDto) {
    return this.auth.refresh(dto.refresh_token);
  }

  @Get('me')
  @H5Auth()
  @ApiOperation({ summary: 'The signed-in H5 user' })
  @ApiOkResponse({ type: H5UserDto })
  me(@CurrentPrincipal() principal: H5Principal) {
    return this.auth.me(principal);
  }

  @Patch('me')
  @H5Auth()
  @ApiOperation({ summary: "Update the signed-in H5 user's profile" })
  @ApiOkResponse({ type: H5UserDto })
  updateMe(@CurrentPrincipal() principal: H5Principal, @Body() dto: UpdateH5ProfileDto) {
    return this.auth.updateMe(principal, dto);
  }
}
