import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { H5Principal } from '../../core/auth/principal';
import { AppConfig } from '../../core/config/app-config';
import { H5UserEntity } from './entities/h5-user.entity';
import { H5AccessClaims } from './h5-tokens.service';

/** H5 access tokens: HS256 with H5_JWT_SECRET (never the admin secret) and `type: "h5"`. */
@Injectable()
export class H5Strategy extends PassportStrategy(Strategy, AuthScheme.H5) {
  constructor(
    config: AppConfig,
    @InjectRepository(H5UserEntity) private readonly users: Repository<H5UserEntity>,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.h5JwtSecret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
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
