import { applyDecorators, Global, Injectable, Module, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { seconds, ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { ErrorResponseDto } from './dto/error-response.dto';

// the throttler named 'default' answers with a plain Retry-After header (others get Retry-After-<name>)
export const LOGIN_THROTTLER = 'default';

/** Counts login attempts per client address and account name, so one user's typos do not lock out a NAT. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const account = [body.organization_id, body.username, body.email].filter((v) => typeof v === 'string').join('/');
    return `${request.ip}|${account.toLowerCase()}`;
  }
}

/** Marks a login route: attempts beyond LOGIN_RATE_LIMIT per window answer 429 with Retry-After. */
export const LoginRateLimited = () =>
  applyDecorators(
    UseGuards(LoginThrottlerGuard),
    ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many login attempts' }),
  );

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: LOGIN_THROTTLER, ttl: seconds(config.loginRateLimit.windowSeconds), limit: config.loginRateLimit.limit },
        ],
      }),
    }),
  ],
  providers: [LoginThrottlerGuard],
  exports: [LoginThrottlerGuard, ThrottlerModule],
})
export class RateLimitModule {}
