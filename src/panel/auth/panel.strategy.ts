import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { PASSPORT, PassportInstance, registerStrategy, verifyWith } from '../../core/auth/passport';
import { PanelPrincipal } from '../../core/auth/principal';
import { AppConfig } from '../../core/config/app-config';
import { PANEL_AUDIENCE } from './panel-auth.service';

/** Panel JWTs: the admin secret with the panel's own audience, from the header or `?token=` (links, /ws). */
@Injectable()
export class PanelStrategy implements OnModuleInit {
  constructor(
    @Inject(PASSPORT) private readonly passport: PassportInstance,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const options = {
      jwtFromRequest: ExtractJwt.fromExtractors([
        ExtractJwt.fromAuthHeaderAsBearerToken(),
        ExtractJwt.fromUrlQueryParameter('token'),
      ]),
      secretOrKey: this.config.jwtSecret,
      audience: PANEL_AUDIENCE,
      algorithms: ['HS256' as const],
    };
    registerStrategy(this.passport, AuthScheme.Panel, new Strategy(options, verifyWith(() => this.validate())));
  }

  async validate(): Promise<PanelPrincipal> {
    return { scheme: AuthScheme.Panel };
  }
}
