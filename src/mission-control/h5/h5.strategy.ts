import { Inject, Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { PASSPORT, PassportInstance, registerStrategy, verifyWith } from '../../core/auth/passport';
import { H5Principal } from '../../core/auth/principal';
import { AppConfig } from '../../core/config/app-config';
import { H5UserEntity } from './entities/h5-user.entity';
import { H5AccessClaims } from './h5-tokens.service';

/** H5 access tokens: HS256 with H5_JWT_SECRET (never the admin secret) and `type: "h5"`. */
@Injectable()
export class H5Strategy implements OnModuleInit {
  constructor(
    @Inject(PASSPORT) private readonly passport: PassportInstance,
    private readonly config: AppConfig,
    @InjectRepository(H5UserEntity) private readonly users: Repository<H5UserEntity>,
  ) {}

  onModuleInit(): void {
    const options = {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: this.config.h5JwtSecret,
      algorithms: ['HS256' as const],
    };
    registerStrategy(this.passport, AuthScheme.H5, new Strategy(options, verifyWith((claims: H5AccessClaims) => this.validate(claims))));
  }

  async validate(claims: H5AccessClaims): Promise<H5Principal> {
    if (claims.type !== 'h5' || typeof claims.sub !== 'string' || typeof claims.org !== 'string') {
      throw new UnauthorizedException({ detail: 'Not an H5 access token' });
    }
    if (!(await this.users.exists({ where: { id: claims.sub, organizationId: claims.org } }))) {
      throw new UnauthorizedException({ detail: 'This account no longer exists' });
    }
    return { scheme: AuthScheme.H5, userId: claims.sub, organizationId: claims.org };
  }
}
