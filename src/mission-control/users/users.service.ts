import { ConflictException, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { hashPassword, spendPasswordCheck, verifyPassword } from '../../core/auth/passwords';
import { actorOf, AdminPrincipal } from '../../core/auth/principal';
import { applyPatch, fetchPage, findOrNotFound, likePattern } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { ActivityService, changedFields } from '../activity/activity.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { CreateUserDto, UpdateProfileDto, USER_SORT, UserDto, UserListQueryDto } from './dto/user.dto';
import { UserEntity } from './entities/user.entity';

export const LOCAL_ADMIN_EXTERNAL_ID = 'local:admin';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly organizations: OrganizationsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  /** The user row behind the static admin token; created once, safely under concurrent starts. */
  async ensureLocalAdmin(): Promise<UserEntity> {
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: 'admin@localhost', displayName: 'Local admin', role: 'superadmin', externalId: LOCAL_ADMIN_EXTERNAL_ID })
      .orIgnore()
      .execute();
    return this.users.findOneByOrFail({ externalId: LOCAL_ADMIN_EXTERNAL_ID });
  }

  /**
   * A user vouched for by the external issuer (Clerk): provisioned on first sight. An email that already
   * belongs to another account is not taken over; that identity is refused until an admin sorts it out.
   */
  async ensureExternal(externalId: string, claims: { email?: string; name?: string }): Promise<UserEntity> {
    const existing = await this.users.findOneBy({ externalId });
    if (existing) return existing;
    const email = (claims.email ?? `${externalId}@clerk.invalid`).toLowerCase();
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ email, displayName: claims.name ?? email, role: 'superadmin', externalId })
      .orIgnore()
      .execute();
    const provisioned = await this.users.findOneBy({ externalId });
    if (!provisioned) {
      throw new ForbiddenException({ detail: `The email ${email} already belongs to another account` });
    }
    return provisioned;
  }

  async findActive(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id, isActive: true });
  }

  /** Email + password check; unknown emails cost the same time as wrong passwords. */
  async verifyCredentials(email: string, password: string): Promise<UserEntity> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email AND u.isActive = true', { email: email.toLowerCase() })
      .getOne();
    const valid = user ? await verifyPassword(user.passwordHash, password) : await spendPasswordCheck(password);
    if (!user || !valid) throw new UnauthorizedException({ detail: 'Invalid email or password' });
    return user;
  }

  async recordLogin(user: UserEntity): Promise<void> {
    await this.users.update({ id: user.id }, { lastLoginAt: new Date() });
  }

  async list(principal: AdminPrincipal, query: UserListQueryDto): Promise<Page<UserDto>> {
    const builder = this.users.createQueryBuilder('u');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('u.organizationId = :organizationId', { organizationId });
    if (query.q) builder.andWhere('(u.email ILIKE :q OR u.displayName ILIKE :q)', { q: likePattern(query.q) });
    return (await fetchPage(builder, query, USER_SORT, 'created_at')).map(UserDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<UserDto> {
    return UserDto.from(await this.load(principal, id));
  }

  async me(principal: AdminPrincipal): Promise<UserDto> {
    return UserDto.from(await findOrNotFound(this.users, { id: principal.userId }, 'User'));
  }

  async create(principal: AdminPrincipal, dto: CreateUserDto): Promise<UserDto> {
    const role = dto.role ?? 'admin';
    if (role === 'superadmin' && principal.organizationId !== null) {
      throw new ForbiddenException({ detail: 'Only a superadmin may create a superadmin' });
    }
    const organizationId = role === 'superadmin' ? null : dto.organization_id!;
    if (organizationId) {
      assertOrganizationAccess(principal, organizationId);
      await this.organizations.assertExists(organizationId);
    }
    const email = dto.email.toLowerCase();
    if (await this.users.exists({ where: { email } })) {
      throw new ConflictException({ detail: `A user with email ${email} already exists` });
    }
    const passwordHash = await hashPassword(dto.password);
    const user = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(UserEntity, { email, displayName: dto.display_name.trim(), passwordHash, role, organizationId }),
      );
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'user.created',
        organizationId,
        target: { type: 'user', id: saved.id },
        summary: `User ${email} created as ${role}`,
      });
      return saved;
    });
    return UserDto.from(user);
  }

  async updateMe(principal: AdminPrincipal, dto: UpdateProfileDto): Promise<UserDto> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: principal.userId })
      .getOneOrFail();
    const patch: Partial<UserEntity> = {
      displayName: dto.display_name?.trim(),
      avatarUrl: dto.avatar_url,
      timezone: dto.timezone,
      preferences: dto.preferences,
    };
    if (dto.new_password !== undefined) {
      if (!(await verifyPassword(user.passwordHash, dto.current_password ?? ''))) {
        throw fieldError('current_password', 'current_password is not correct');
      }
      patch.passwordHash = await hashPassword(dto.new_password);
    }
    const changes = changedFields(user, { ...patch, passwordHash: undefined });
    if (patch.passwordHash) changes.password = { from: '[redacted]', to: '[redacted]' };
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(user, patch);
      const result = await manager.save(user);
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'user.profile_updated',
        organizationId: user.organizationId,
        target: { type: 'user', id: user.id },
        summary: `User ${user.email} updated their profile`,
        changes,
      });
      return result;
    });
    return UserDto.from(saved);
  }

  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const user = await this.load(principal, id);
    if (user.id === principal.userId) throw new ConflictException({ detail: 'You cannot delete yourself' });
    if (user.externalId === LOCAL_ADMIN_EXTERNAL_ID) {
      throw new ConflictException({ detail: 'The local admin user cannot be deleted' });
    }
    if (user.organizationId === null && principal.organizationId !== null) {
      throw new ForbiddenException({ detail: 'Only a superadmin may delete a superadmin' });
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(UserEntity, { id: user.id });
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'user.deleted',
        organizationId: user.organizationId,
        target: { type: 'user', id: user.id },
        summary: `User ${user.email} deleted`,
      });
    });
  }

  private async load(principal: AdminPrincipal, id: string): Promise<UserEntity> {
    const user = await findOrNotFound(this.users, { id }, 'User');
    if (user.organizationId === null) {
      if (principal.organizationId !== null) throw new ForbiddenException({ detail: 'This user is outside your organization' });
    } else {
      assertOrganizationAccess(principal, user.organizationId);
    }
    return user;
  }
}
