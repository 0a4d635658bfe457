import { randomUUID } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { H5Principal } from '../../core/auth/principal';
import { JwtService } from '@nestjs/jwt';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { generateToken, hashToken } from '../../core/auth/tokens';
import { AppConfig } from '../../core/config/app-config';
import { H5RefreshTokenEntity } from './entities/h5-refresh-token.entity';
import { H5UserEntity } from './entities/h5-user.entity';

export const H5_ACCESS_TTL_SECONDS = 15 * 60;
export const H5_REFRESH_TTL_SECONDS = 30 * 24 * 3600;

export interface H5AccessClaims {
  sub: string;
  org: string;
  type: 'h5';
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}

type RotationOutcome = { refused: string } | { user: H5UserEntity; tokens: IssuedTokens };

/** Access JWTs signed with H5_JWT_SECRET, and refresh tokens that rotate within a family. */
@Injectable()
export class H5TokensService {
  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
  ) {}

  /** An access token sent outside an Authorization header (the chat socket's auth frame); 401 when not valid now. */
  async verifyAccess(token: string): Promise<{ principal: H5Principal; expiresAt: Date }> {
    let claims: H5AccessClaims & { exp: number };
    try {
      claims = await this.jwt.verifyAsync(token, { secret: this.config.h5JwtSecret, algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedException({ detail: 'Invalid or expired H5 access token' });
    }
    return { principal: await this.principalFor(claims), expiresAt: new Date(claims.exp * 1_000) };
  }

  /** The caller behind verified claims, as long as they are H5 claims of a user that still exists. */
  async principalFor(claims: H5AccessClaims): Promise<H5Principal> {
    if (claims.type !== 'h5' || typeof claims.sub !== 'string' || typeof claims.org !== 'string') {
      throw new UnauthorizedException({ detail: 'Not an H5 access token' });
    }
    if (!(await this.dataSource.getRepository(H5UserEntity).exists({ where: { id: claims.sub, organizationId: claims.org } }))) {
      throw new UnauthorizedException({ detail: 'This account no longer exists' });
    }
    return { scheme: AuthScheme.H5, userId: claims.sub, organizationId: claims.org };
  }

  async issue(user: H5UserEntity, manager: EntityManager = this.dataSource.manager): Promise<IssuedTokens> {
    return (await this.issueInFamily(user, randomUUID(), manager)).tokens;
  }

  /**
   * Spends a refresh token and returns a new pair. The spend is one conditional UPDATE, so two
   * concurrent uses cannot both win; a token that was already spent revokes its whole family
   * (committed before the 401 is thrown).
   */
  async rotate(refreshToken: string): Promise<{ user: H5UserEntity; tokens: IssuedTokens }> {
    const tokenHash = hashToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager): Promise<RotationOutcome> => {
      const stored = await manager.findOneBy(H5RefreshTokenEntity, { tokenHash });
      if (!stored) return { refused: 'Invalid refresh token' };
      if (stored.expiresAt.getTime() <= Date.now()) return { refused: 'Refresh token expired' };
      const spent = await manager.update(H5RefreshTokenEntity, { id: stored.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (!spent.affected) {
        await manager.update(H5RefreshTokenEntity, { familyId: stored.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return { refused: 'Refresh token was already used; every session of this sign-in is revoked' };
      }
      const user = await manager.findOneBy(H5UserEntity, { id: stored.userId });
      if (!user) return { refused: 'Invalid refresh token' };
      const { tokens, refreshTokenId } = await this.issueInFamily(user, stored.familyId, manager);
      await manager.update(H5RefreshTokenEntity, { id: stored.id }, { replacedById: refreshTokenId });
      return { user, tokens };
    });
    if ('refused' in outcome) throw new UnauthorizedException({ detail: outcome.refused });
    return outcome;
  }

  private async issueInFamily(
    user: H5UserEntity,
    familyId: string,
    manager: EntityManager,
  ): Promise<{ tokens: IssuedTokens; refreshTokenId: string }> {
    const claims: H5AccessClaims = { sub: user.id, org: user.organizationId, type: 'h5' };
    const accessToken = this.jwt.sign(claims, { secret: this.config.h5JwtSecret, expiresIn: H5_ACCESS_TTL_SECONDS, algorithm: 'HS256' });
    const refreshToken = generateToken('h5r_');
    const inserted = await manager.insert(H5RefreshTokenEntity, {
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + H5_REFRESH_TTL_SECONDS * 1000),
    });
    return { tokens: { accessToken, refreshToken }, refreshTokenId: inserted.identifiers[0].id };
  }
}
