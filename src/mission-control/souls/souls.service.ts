import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { assertOrganizationAccess } from '../../core/auth/organization-scope';
import { actorOf, AdminPrincipal } from '../../core/auth/principal';
import { applyPatch, fetchPage, likePattern } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { setAgentFile } from '../../integrations/openclaw-gateway';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { GatewayLinksService } from '../gateways/gateway-links.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { AgentTargets } from '../skills-marketplace/agent-targets';
import { byteLength } from '../skills-marketplace/dto/text-validators';
import { CreateSoulDto, SOUL_SORT, SoulApplicationDto, SoulDto, SoulListQueryDto, SoulSummaryDto, UpdateSoulDto } from './dto/soul.dto';
import { SoulTemplateEntity } from './entities/soul-template.entity';
import { BUILT_IN_SOULS, BuiltInSoul } from './templates';

export const SOUL_FILE = 'SOUL.md';

const soulSubject = (x: SoulTemplateEntity): AuditSubject => ({ type: 'soul_template', id: x.id, organizationId: x.organizationId });

/** The souls directory: SOUL.md templates (built-in and per organisation) and writing one to an agent. */
@Injectable()
export class SoulsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SoulsService.name);

  constructor(
    @InjectRepository(SoulTemplateEntity) private readonly souls: Repository<SoulTemplateEntity>,
    private readonly organizations: OrganizationsService,
    private readonly targets: AgentTargets,
    private readonly links: GatewayLinksService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  /** Keeps the built-in rows in step with the templates this build ships (several instances may race: the upsert settles it). */
  async onApplicationBootstrap(): Promise<void> {
    await this.syncBuiltIns(BUILT_IN_SOULS);
  }

  async syncBuiltIns(templates: readonly BuiltInSoul[]): Promise<void> {
    for (const template of templates) {
      await this.dataSource.query(
        `INSERT INTO "soul_templates" ("organization_id", "slug", "name", "description", "content")
         VALUES (NULL, $1, $2, $3, $4)
         ON CONFLICT ("slug") WHERE "organization_id" IS NULL DO UPDATE
           SET "name" = EXCLUDED."name", "description" = EXCLUDED."description", "content" = EXCLUDED."content", "updated_at" = now()
           WHERE ("soul_templates"."name", "soul_templates"."description", "soul_templates"."content")
                 IS DISTINCT FROM (EXCLUDED."name", EXCLUDED."description", EXCLUDED."content")`,
        [template.slug, template.name, template.description, template.content],
      );
    }
    // a template a later build no longer ships goes away
    // TypeORM answers a DELETE … RETURNING with [rows, rowCount]
    const [removed]: [Array<{ slug: string }>, number] = await this.dataSource.query(
      `DELETE FROM "soul_templates" WHERE "organization_id" IS NULL AND NOT ("slug" = ANY($1::varchar[])) RETURNING "slug"`,
      [templates.map((template) => template.slug)],
    );
    if (removed.length > 0) this.logger.log(`Removed built-in soul templates no longer shipped: ${removed.map((row) => row.slug).join(', ')}`);
  }

  /** Built-ins always, plus the organisation templates the caller may see (narrowed by ?organization_id). */
  async list(principal: AdminPrincipal, query: SoulListQueryDto): Promise<Page<SoulSummaryDto>> {
    const builder = this.souls.createQueryBuilder('s');
    if (query.organization_id) assertOrganizationAccess(principal, query.organization_id);
    const organizationId = query.organization_id ?? principal.organizationId ?? undefined;
    if (query.built_in === true) builder.andWhere('s.organizationId IS NULL');
    else if (query.built_in === false) builder.andWhere(organizationId ? 's.organizationId = :organizationId' : 's.organizationId IS NOT NULL', { organizationId });
    else if (organizationId) builder.andWhere('(s.organizationId IS NULL OR s.organizationId = :organizationId)', { organizationId });
    if (query.search) {
      builder.andWhere('(s.slug ILIKE :search OR s.name ILIKE :search OR s.description ILIKE :search)', { search: likePattern(query.search) });
    }
    const page = await fetchPage(builder, { ...query, order: query.sort ? query.order : 'asc' }, SOUL_SORT, 'name');
    return page.map(SoulSummaryDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<SoulDto> {
    return SoulDto.from(await this.load(principal, id));
  }

  async create(principal: AdminPrincipal, dto: CreateSoulDto): Promise<SoulDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    await this.assertSlugFree(dto.organization_id, dto.slug);
    const saved = await this.dataSource.transaction(async (manager) => {
      const result = await manager.save(
        manager.create(SoulTemplateEntity, {
          organizationId: dto.organization_id,
          slug: dto.slug,
          name: dto.name.trim(),
          description: dto.description ?? null,
          content: dto.content,
        }),
      );
      await this.activity.recordChange(manager, principal, soulSubject(result), 'soul.created', `Soul template "${result.slug}" created`, { slug: result.slug });
      return result;
    });
    return SoulDto.from(saved);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateSoulDto): Promise<SoulDto> {
    const soul = await this.loadWritable(principal, id);
    if (dto.slug && dto.slug !== soul.slug) await this.assertSlugFree(soul.organizationId!, dto.slug);
    const patch: Partial<SoulTemplateEntity> = { slug: dto.slug, name: dto.name?.trim(), description: dto.description, content: dto.content };
    const changes = changedFields(soul, patch);
    if (changes.content) changes.content = { from: '…', to: '…' };
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(soul, patch);
      const result = await manager.save(soul);
      await this.activity.recordChange(manager, principal, soulSubject(result), 'soul.updated', `Soul template "${result.slug}" updated`, changes);
      return result;
    });
    return SoulDto.from(saved);
  }

  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const soul = await this.loadWritable(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(SoulTemplateEntity, { id: soul.id });
      await this.activity.recordChange(manager, principal, soulSubject(soul), 'soul.deleted', `Soul template "${soul.slug}" deleted`);
    });
  }

  /** Writes the template as the agent's SOUL.md through its gateway (never inside a transaction), then records it. */
  async apply(principal: AdminPrincipal, id: string, agentId: string): Promise<SoulApplicationDto> {
    const soul = await this.load(principal, id);
    const { agent, gatewayId } = await this.targets.resolve(principal, agentId, soul.organizationId, 'soul template');
    const written = await setAgentFile(this.links.callerFor(gatewayId), { agentId: agent.openclawAgentId, name: SOUL_FILE, content: soul.content });
    const file = { name: written?.file?.name ?? SOUL_FILE, size: written?.file?.size ?? byteLength(soul.content), hash: written?.file?.hash ?? null };
    await this.dataSource.transaction((manager) =>
      this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'soul.applied',
        organizationId: agent.organizationId,
        target: { type: 'agent', id: agent.id },
        boardId: agent.boardId,
        summary: `Soul template "${soul.slug}" applied to agent "${agent.name}"`,
        changes: { soul_id: soul.id, soul_slug: soul.slug, gateway_id: gatewayId, file: file.name, hash: file.hash },
      }),
    );
    return { agent_id: agent.id, gateway_id: gatewayId, soul_id: soul.id, file };
  }

  /** 404 for an unknown id, 403 for another organisation's template; built-ins are visible to every admin. */
  private async load(principal: AdminPrincipal, id: string): Promise<SoulTemplateEntity> {
    const soul = await this.souls.findOneBy({ id });
    if (!soul) throw new NotFoundException({ detail: 'Soul template not found' });
    if (soul.organizationId !== null) assertOrganizationAccess(principal, soul.organizationId);
    return soul;
  }

  private async loadWritable(principal: AdminPrincipal, id: string): Promise<SoulTemplateEntity> {
    const soul = await this.load(principal, id);
    if (soul.organizationId === null) {
      throw new ForbiddenException({ detail: 'Built-in soul templates are read-only: create an organization template (POST /api/v1/souls-directory) to change one' });
    }
    return soul;
  }

  private async assertSlugFree(organizationId: string, slug: string): Promise<void> {
    if (await this.souls.existsBy({ organizationId, slug })) {
      throw new ConflictException({ detail: `A soul template with slug "${slug}" already exists in this organization` });
    }
  }
}
