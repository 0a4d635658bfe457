import { ConflictException, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { hashPassword, spendPasswordCheck, verifyPassword } from '../../core/auth/passwords';
import { H5Principal } from '../../core/auth/principal';
import { findOrNotFound } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { ActivityService } from '../activity/activity.service';
import { OrganizationEntity } from '../organizations/entities/organization.entity';
import { H5LoginDto, H5RegisterDto, H5TokenPairDto, H5UserDto, UpdateH5ProfileDto } from './dto/h5.dto';
import { H5UserEntity } from './entities/h5-user.entity';
import { H5_ACCESS_TTL_SECONDS, H5_REFRESH_TTL_SECONDS, H5TokensService, IssuedTokens } from './h5-tokens.service';

function tokenPair(user: H5UserEntity, tokens: IssuedTokens): H5TokenPairDto {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    token_type: 'bearer',
    expires_in: H5_ACCESS_TTL_SECONDS,
    refresh_expires_in: H5_REFRESH_TTL_SECONDS,
    user: H5UserDto.from(user),
  };
}

/** The public side of M3: register, log in, refresh, and the user's own profile. */
@Injectable()
export class H5AuthService {
  constructor(
    @InjectRepository(H5UserEntity) private readonly users: Repository<H5UserEntity>,
    @InjectRepository(OrganizationEntity) private readonly organizations: Repository<OrganizationEntity>,
    private readonly tokens: H5TokensService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async register(dto: H5RegisterDto): Promise<H5TokenPairDto> {
    const organization = await this.organizations.findOneBy({ id: dto.organization_id });
    if (!organization) throw fieldError('organization_id', 'organization_id does not name an existing organization');
    if (organization.settings?.h5_registration === false) {
      throw new ForbiddenException({ detail: 'This organization does not accept self-registration' });
    }
    const username = dto.username.toLowerCase();
    if (await this.users.exists({ where: { organizationId: organization.id, username } })) {
      throw new ConflictException({ detail: `The username ${username} is taken in this organization` });
    }
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.save(
        manager.create(H5UserEntity, {
          organizationId: organization.id,
          username,
          passwordHash,
          displayName: dto.display_name?.trim() ?? dto.username,
          lastLoginAt: new Date(),
        }),
      );
      await this.activity.record(manager, {
        actor: { type: 'h5_user', id: user.id },
        action: 'h5_user.registered',
        organizationId: organization.id,
        target: { type: 'h5_user', id: user.id },
        summary: `H5 user ${username} registered`,
      });
      return tokenPair(user, await this.tokens.issue(user, manager));
    });
  }

  async login(dto: H5LoginDto): Promise<H5TokenPairDto> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.organizationId = :organizationId AND u.username = :username', {
        organizationId: dto.organization_id,
        username: dto.username.toLowerCase(),
      })
      .getOne();
    const valid = user ? await verifyPassword(user.passwordHash, dto.password) : await spendPasswordCheck(dto.password);
    if (!user || !valid) throw new UnauthorizedException({ detail: 'Invalid username or password' });
    user.lastLoginAt = new Date();
    await this.users.update({ id: user.id }, { lastLoginAt: user.lastLoginAt });
    return tokenPair(user, await this.tokens.issue(user));
  }

  async refresh(refreshToken: string): Promise<H5TokenPairDto> {
    const { user, tokens } = await this.tokens.rotate(refreshToken);
    return tokenPair(user, tokens);
  }

  async me(principal: H5Principal): Promise<H5UserDto> {
    return H5UserDto.from(await findOrNotFound(this.users, { id: principal.userId }, 'H5 user'));
  }

  async updateMe(principal: H5Principal, dto: UpdateH5ProfileDto): Promise<H5UserDto> {
    const user = await findOrNotFound(this.users, { id: principal.userId }, 'H5 user');
    if (dto.display_name !== undefined) user.displayName = dto.display_name.trim();
    if (dto.avatar_url !== undefined) user.avatarUrl = dto.avatar_url;
    return H5UserDto.from(await this.users.save(user));
  }
}
