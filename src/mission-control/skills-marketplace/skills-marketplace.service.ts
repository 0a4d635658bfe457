import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { applyPatch, fetchPage, likePattern } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { CreateSkillDto, SKILL_SORT, SkillDto, SkillListQueryDto, SkillSummaryDto, UpdateSkillDto } from './dto/skill.dto';
import { MarketplaceSkillEntity } from './entities/marketplace-skill.entity';

export const skillSubject = (x: MarketplaceSkillEntity): AuditSubject => ({ type: 'marketplace_skill', id: x.id, organizationId: x.organizationId });

/** The skills catalogue of each organisation (what can be installed on its gateways). */
@Injectable()
export class SkillsMarketplaceService {
  constructor(
    @InjectRepository(MarketplaceSkillEntity) private readonly skills: Repository<MarketplaceSkillEntity>,
    private readonly organizations: OrganizationsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, query: SkillListQueryDto): Promise<Page<SkillSummaryDto>> {
    const builder = this.skills.createQueryBuilder('s');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('s.organizationId = :organizationId', { organizationId });
    if (query.source) builder.andWhere('s.source = :source', { source: query.source });
    if (query.search) {
      builder.andWhere('(s.slug ILIKE :search OR s.name ILIKE :search OR s.description ILIKE :search)', { search: likePattern(query.search) });
    }
    const page = await fetchPage(builder, { ...query, order: query.sort ? query.order : 'asc' }, SKILL_SORT, 'name');
    return page.map(SkillSummaryDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<SkillDto> {
    return SkillDto.from(await this.load(principal, id));
  }

  async create(principal: AdminPrincipal, dto: CreateSkillDto): Promise<SkillDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    await this.assertSlugFree(dto.organization_id, dto.slug);
    const skill = this.skills.create({
      organizationId: dto.organization_id,
      slug: dto.slug,
      name: dto.name.trim(),
      description: dto.description ?? null,
      version: dto.version ?? '1.0.0',
      source: dto.source ?? 'bundle',
      content: dto.content ?? null,
      files: dto.files ?? {},
      clawhubSlug: dto.clawhub_slug ?? null,
    });
    assertComplete(skill);
    const saved = await this.dataSource.transaction(async (manager) => {
      const result = await manager.save(skill);
      await this.activity.recordChange(manager, principal, skillSubject(result), 'skill.created', `Skill "${result.slug}" added to the catalogue`, {
        slug: result.slug,
        version: result.version,
        source: result.source,
      });
      return result;
    });
    return SkillDto.from(saved);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateSkillDto): Promise<SkillDto> {
    const skill = await this.load(principal, id);
    const patch: Partial<MarketplaceSkillEntity> = {
      name: dto.name?.trim(),
      description: dto.description,
      version: dto.version,
      source: dto.source,
      content: dto.content,
      files: dto.files,
      clawhubSlug: dto.clawhub_slug,
    };
    const changes = changedFields(skill, patch);
    // bodies are large: the trail says that they changed, not what they became
    for (const field of ['content', 'files'] as const) if (changes[field]) changes[field] = { from: '…', to: '…' };
    applyPatch(skill, patch);
    assertComplete(skill);
    const saved = await this.dataSource.transaction(async (manager) => {
      const result = await manager.save(skill);
      await this.activity.recordChange(manager, principal, skillSubject(result), 'skill.updated', `Skill "${result.slug}" updated`, changes);
      return result;
    });
    return SkillDto.from(saved);
  }

  /** Takes the skill out of the catalogue (and its install records); what gateways already installed stays there. */
  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const skill = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(MarketplaceSkillEntity, { id: skill.id });
      await this.activity.recordChange(manager, principal, skillSubject(skill), 'skill.deleted', `Skill "${skill.slug}" removed from the catalogue`);
    });
  }

  /** Throws 404 for an unknown id and 403 for another organisation's skill. */
  async load(principal: AdminPrincipal, id: string): Promise<MarketplaceSkillEntity> {
    const skill = await this.skills.findOneBy({ id });
    if (!skill) throw new NotFoundException({ detail: 'Skill not found' });
    assertOrganizationAccess(principal, skill.organizationId);
    return skill;
  }

  private async assertSlugFree(organizationId: string, slug: string): Promise<void> {
    if (await this.skills.existsBy({ organizationId, slug })) {
      throw new ConflictException({ detail: `A skill with slug "${slug}" already exists in this organization` });
    }
  }
}

/** The rules that span fields: a bundle needs its SKILL.md, a ClawHub skill its ClawHub slug. */
function assertComplete(skill: MarketplaceSkillEntity): void {
  if (skill.source === 'bundle' && !skill.content) throw fieldError('content', 'content (the SKILL.md body) is required for bundle skills');
  if (skill.source === 'clawhub' && !skill.clawhubSlug) throw fieldError('clawhub_slug', 'clawhub_slug is required for ClawHub skills');
}
