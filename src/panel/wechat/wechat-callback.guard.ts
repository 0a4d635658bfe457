import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { safeEqual } from '../../core/auth/tokens';
import { AppConfig } from '../../core/config/app-config';

/**
 * The callback is called by wechatbot-webhook, which cannot send headers: it proves itself with the shared secret in
 * its RECVD_MSG_API URL (`?secret=`), compared in constant time before any of the body is read.
 */
@Injectable()
export class WechatCallbackSecretGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<Request>().query?.secret;
    if (typeof given !== 'string' || given === '' || !safeEqual(given, this.config.panel.wechat.callbackSecret)) {
      throw new UnauthorizedException({ detail: 'Missing or wrong callback secret (?secret=)' });
    }
    return true;
  }
}
