import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { PASSPORT, PassportInstance, registerStrategy, verifyWith } from '../../core/auth/passport';
import { H5Principal } from '../../core/auth/principal';
import { AppConfig } from '../../core/config/app-config';
import { H5AccessClaims, H5TokensService } from './h5-tokens.service';

/** H5 access tokens: HS256 with H5_JWT_SECRET (never the admin secret) and `type: "h5"`. */
@Injectable()
export class H5Strategy implements OnModuleInit {
  constructor(
    @Inject(PASSPORT) private readonly passport: PassportInstance,
    private readonly config: AppConfig,
    private readonly tokens: H5TokensService,
  ) {}

  onModuleInit(): void {
    const options = {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: this.config.h5JwtSecret,
      algorithms: ['HS256' as const],
    };
    registerStrategy(this.passport, AuthScheme.H5, new Strategy(options, verifyWith((claims: H5AccessClaims) => this.validate(claims))));
  }

  validate(claims: H5AccessClaims): Promise<H5Principal> {
    return this.tokens.principalFor(claims);
  }
}
