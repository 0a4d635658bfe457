import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import { assertOrganizationAccess, assertSuperadmin } from '../../core/auth/organization-scope';
import { actorOf, AdminPrincipal } from '../../core/auth/principal';
import { fetchPage, findOrNotFound, likePattern } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { ActivityService, changedFields } from '../activity/activity.service';
import {
  CreateOrganizationDto,
  ORGANIZATION_SORT,
  OrganizationDto,
  OrganizationListQueryDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { OrganizationEntity } from './entities/organization.entity';

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return base || `org-${randomBytes(4).toString('hex')}`;
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(OrganizationEntity) private readonly organizations: Repository<OrganizationEntity>,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, query: OrganizationListQueryDto): Promise<Page<OrganizationDto>> {
    const builder = this.organizations.createQueryBuilder('o');
    if (principal.organizationId) builder.andWhere('o.id = :id', { id: principal.organizationId });
    if (query.q) builder.andWhere('(o.name ILIKE :q OR o.slug ILIKE :q)', { q: likePattern(query.q) });
    const page = await fetchPage(builder, query, ORGANIZATION_SORT, 'created_at');
    return page.map(OrganizationDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<OrganizationDto> {
    return OrganizationDto.from(await this.load(principal, id));
  }

  /** Throws 404 for an unknown id and 403 for another organisation's. */
  async load(principal: AdminPrincipal, id: string): Promise<OrganizationEntity> {
    const organization = await findOrNotFound(this.organizations, { id }, 'Organization');
    assertOrganizationAccess(principal, organization.id);
    return organization;
  }

  async create(principal: AdminPrincipal, dto: CreateOrganizationDto): Promise<OrganizationDto> {
    assertSuperadmin(principal);
    const slug = dto.slug ?? (await this.freeSlug(slugify(dto.name)));
    await this.assertSlugFree(slug);
    const created = await this.dataSource.transaction(async (manager) => {
      const organization = await manager.save(
        manager.create(OrganizationEntity, {
          name: dto.name.trim(),
          slug,
          description: dto.description ?? null,
          settings: dto.settings ?? {},
        }),
      );
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'organization.created',
        organizationId: organization.id,
        target: { type: 'organization', id: organization.id },
        summary: `Organization "${organization.name}" created`,
      });
      return organization;
    });
    return OrganizationDto.from(created);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    const organization = await this.load(principal, id);
    if (dto.slug && dto.slug !== organization.slug) await this.assertSlugFree(dto.slug);
    const changes = changedFields(organization, { ...dto, name: dto.name?.trim() });
    const updated = await this.dataSource.transaction(async (manager) => {
      manager.merge(OrganizationEntity, organization, { ...dto, name: dto.name?.trim() ?? organization.name });
      const saved = await manager.save(organization);
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'organization.updated',
        organizationId: saved.id,
        target: { type: 'organization', id: saved.id },
        summary: `Organization "${saved.name}" updated`,
        changes,
      });
      return saved;
    });
    return OrganizationDto.from(updated);
  }

  /** Deletes the organisation and, through ON DELETE CASCADE, everything that belongs to it. */
  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    assertSuperadmin(principal);
    const organization = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(OrganizationEntity, { id: organization.id });
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'organization.deleted',
        organizationId: organization.id,
        target: { type: 'organization', id: organization.id },
        summary: `Organization "${organization.name}" deleted`,
      });
    });
  }

  /** For organisation-scoped creates: an unknown organisation is a 422 on the field that named it. */
  async assertExists(id: string, field = 'organization_id'): Promise<void> {
    if (!(await this.organizations.exists({ where: { id } }))) {
      throw fieldError(field, `${field} does not name an existing organization`);
    }
  }

  private async assertSlugFree(slug: string): Promise<void> {
    if (await this.organizations.exists({ where: { slug } })) {
      throw new ConflictException({ detail: `An organization with slug "${slug}" already exists` });
    }
  }

  private async freeSlug(base: string): Promise<string> {
    if (!(await this.organizations.exists({ where: { slug: base } }))) return base;
    return `${base}-${randomBytes(3).toString('hex')}`;
  }
}
