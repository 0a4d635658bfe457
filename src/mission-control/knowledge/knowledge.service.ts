import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { actorOf, AdminPrincipal, AgentPrincipal, Principal } from '../../core/auth/principal';
import { fetchPage } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { Outbox } from '../../core/jobs/outbox';
import { EmbeddingProvider } from '../../integrations/embeddings/embedding-provider';
import { ActivityService, changedFields } from '../activity/activity.service';
import { BoardsService } from '../boards/boards.service';
import { MissionControlEvents } from '../domain-events';
import { OrganizationsService } from '../organizations/organizations.service';
import {
  CreateKnowledgeDto,
  KNOWLEDGE_SORT,
  KnowledgeEmbeddingStateDto,
  KnowledgeEntryDto,
  KnowledgeListQueryDto,
  PinKnowledgeDto,
  SaveKnowledgeDto,
  UpdateKnowledgeDto,
} from './dto/knowledge.dto';
import { KnowledgeDocumentEntity } from './entities/knowledge-document.entity';
import { KnowledgeEntryEntity, KnowledgeSource } from './entities/knowledge-entry.entity';
import { KnowledgeVectors } from './knowledge-vectors';
import { searchVectorSql, SqlParams } from './search-sql';

const uniqueTags = (tags: string[] | undefined) => [...new Set((tags ?? []).map((tag) => tag.trim()).filter(Boolean))];

/** Knowledge entries: CRUD, pins, the search index kept with each write, and domain events for the embedding job. */
@Injectable()
export class KnowledgeService {
  constructor(
    @InjectRepository(KnowledgeEntryEntity) private readonly entries: Repository<KnowledgeEntryEntity>,
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly boards: BoardsService,
    private readonly activity: ActivityService,
    private readonly outbox: Outbox<MissionControlEvents>,
    private readonly vectors: KnowledgeVectors,
    private readonly provider: EmbeddingProvider,
  ) {}

  async list(principal: AdminPrincipal, query: KnowledgeListQueryDto): Promise<Page<KnowledgeEntryDto>> {
    const builder = this.entries.createQueryBuilder('e');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('e.organizationId = :organizationId', { organizationId });
    if (query.board_id) builder.andWhere('e.boardId = :boardId', { boardId: query.board_id });
    if (query.category) builder.andWhere('e.category = :category', { category: query.category });
    if (query.tag) builder.andWhere('e.tags @> :tag::jsonb', { tag: JSON.stringify([query.tag]) });
    if (query.pinned !== undefined) builder.andWhere('e.pinned = :pinned', { pinned: query.pinned });
    // pinned entries lead every page; the client's sort orders within pinned and unpinned
    const page = await fetchPage(builder, query, KNOWLEDGE_SORT, 'updated_at', { property: 'pinned', direction: 'DESC' });
    const dtos = await this.toDtos(this.dataSource.manager, page.items);
    return new Page(dtos, page.total, page.limit, page.offset);
  }

  async get(principal: AdminPrincipal, id: string): Promise<KnowledgeEntryDto> {
    const entry = await this.load(principal, id);
    return (await this.toDtos(this.dataSource.manager, [entry]))[0];
  }

  async create(principal: AdminPrincipal, dto: CreateKnowledgeDto): Promise<KnowledgeEntryDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    if (dto.board_id) await this.boards.assertInOrganization(dto.board_id, dto.organization_id);
    return this.insert(principal, dto.organization_id, dto.board_id ?? null, dto, dto.source ?? 'manual');
  }

  /** `POST /api/v1/agent/knowledge`: an agent bound to a board saves to that board only (its board when none is named). */
  async createFromAgent(agent: AgentPrincipal, dto: SaveKnowledgeDto): Promise<KnowledgeEntryDto> {
    if (agent.boardId && dto.board_id && dto.board_id !== agent.boardId) {
      throw new ForbiddenException({ detail: "An agent may only save knowledge to its own board" });
    }
    if (dto.board_id && !agent.boardId) await this.boards.assertInOrganization(dto.board_id, agent.organizationId);
    return this.insert(agent, agent.organizationId, dto.board_id ?? agent.boardId, dto, 'agent');
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateKnowledgeDto): Promise<KnowledgeEntryDto> {
    const existing = await this.load(principal, id);
    if (dto.board_id) await this.boards.assertInOrganization(dto.board_id, existing.organizationId);
    const patch: Partial<KnowledgeEntryEntity> = {
      boardId: dto.board_id,
      title: dto.title?.trim(),
      content: dto.content,
      category: dto.category === undefined ? undefined : (dto.category?.trim() ?? null),
      tags: dto.tags === undefined ? undefined : uniqueTags(dto.tags),
      source: dto.source,
      pinned: dto.pinned,
    };
    return this.change(principal, id, patch);
  }

  async pin(principal: AdminPrincipal, id: string, dto: PinKnowledgeDto): Promise<KnowledgeEntryDto> {
    const existing = await this.load(principal, id);
    return this.change(principal, id, { pinned: dto.pinned ?? !existing.pinned });
  }

  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const existing = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      const [entry] = await this.toDtos(manager, [existing]);
      await manager.delete(KnowledgeEntryEntity, { id });
      await this.activity.recordChange(manager, principal, subject(existing), 'knowledge.deleted', `Knowledge entry "${existing.title}" deleted`);
      await this.outbox.record(manager, 'knowledge.deleted', { entry, actor: actorOf(principal) }, existing.organizationId);
    });
  }

  /** An entry the principal may see (404 unknown, 403 another organization's). */
  async load(principal: AdminPrincipal, id: string): Promise<KnowledgeEntryEntity> {
    const entry = await this.entries.findOneBy({ id });
    if (!entry) throw new NotFoundException({ detail: 'Knowledge entry not found' });
    assertOrganizationAccess(principal, entry.organizationId);
    return entry;
  }

  /**
   * Rewrites the entry's search vector from its title, content and documents, inside the caller's
   * transaction, so a committed entry is always found by keyword (its vector follows in a job).
   */
  async reindex(manager: EntityManager, id: string): Promise<void> {
    const [row] = (await manager.query(
      `SELECT e.title, e.content,
              coalesce((SELECT string_agg(d.extracted_text, E'\\n' ORDER BY d.created_at, d.id) FROM knowledge_documents d WHERE d.knowledge_id = e.id), '') AS documents
         FROM knowledge_entries e WHERE e.id = $1`,
      [id],
    )) as Array<{ title: string; content: string; documents: string }>;
    if (!row) return;
    const params = new SqlParams();
    const vector = searchVectorSql(row.title, [row.content, row.documents].filter(Boolean).join('\n'), params);
    await manager.query(`UPDATE knowledge_entries SET search_vector = ${vector} WHERE id = ${params.add(id)}`, params.values);
  }

  /** Records `knowledge.updated` (and the trail) for a change made in `manager`'s transaction. */
  async recordUpdate(manager: EntityManager, by: Principal, entry: KnowledgeEntryEntity, changes: Record<string, { from: unknown; to: unknown }>, summary: string): Promise<KnowledgeEntryDto> {
    const [dto] = await this.toDtos(manager, [entry]);
    await this.activity.recordChange(manager, by, subject(entry), 'knowledge.updated', summary, changes);
    await this.outbox.record(manager, 'knowledge.updated', { entry: dto, changes, actor: actorOf(by) }, entry.organizationId);
    return dto;
  }

  async toDtos(manager: EntityManager, entries: KnowledgeEntryEntity[]): Promise<KnowledgeEntryDto[]> {
    const ids = entries.map((entry) => entry.id);
    const documents = ids.length === 0 ? [] : await manager.find(KnowledgeDocumentEntity, { where: { knowledgeId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const states = await this.vectors.stateOf(manager, ids);
    return entries.map((entry) => {
      const state = states.get(entry.id);
      const embedding: KnowledgeEmbeddingStateDto | null = state
        ? { model: state.model, dim: state.dim, current: state.model === this.provider.model && state.dim === this.provider.dim, embedded_at: state.embeddedAt.toISOString() }
        : null;
      return KnowledgeEntryDto.from(entry, documents.filter((document) => document.knowledgeId === entry.id), embedding);
    });
  }

  private async insert(by: Principal, organizationId: string, boardId: string | null, dto: SaveKnowledgeDto, source: KnowledgeSource): Promise<KnowledgeEntryDto> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(KnowledgeEntryEntity, {
          organizationId,
          boardId,
          title: dto.title.trim(),
          content: dto.content,
          category: dto.category?.trim() ?? null,
          tags: uniqueTags(dto.tags),
          source,
          pinned: dto.pinned ?? false,
        }),
      );
      await this.reindex(manager, saved.id);
      const [entry] = await this.toDtos(manager, [saved]);
      await this.activity.recordChange(manager, by, subject(saved), 'knowledge.created', `Knowledge entry "${saved.title}" saved`, { source, board_id: boardId, category: saved.category });
      await this.outbox.record(manager, 'knowledge.created', { entry, actor: actorOf(by) }, organizationId);
      return entry;
    });
  }

  private change(principal: AdminPrincipal, id: string, patch: Partial<KnowledgeEntryEntity>): Promise<KnowledgeEntryDto> {
    return this.dataSource.transaction(async (manager) => {
      const entry = await manager.createQueryBuilder(KnowledgeEntryEntity, 'e').setLock('pessimistic_write').where('e.id = :id', { id }).getOne();
      if (!entry) throw new NotFoundException({ detail: 'Knowledge entry not found' });
      const changes = changedFields(entry, patch);
      if ('content' in changes && typeof changes.content === 'object') changes.content = { from: `${entry.content.length} characters`, to: `${patch.content!.length} characters` };
      if (Object.keys(changes).length === 0) return (await this.toDtos(manager, [entry]))[0];
      Object.assign(entry, Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)));
      const saved = await manager.save(entry);
      if ('title' in changes || 'content' in changes) await this.reindex(manager, id);
      const summary = Object.keys(changes).length === 1 && 'pinned' in changes ? `Knowledge entry "${saved.title}" ${saved.pinned ? 'pinned' : 'unpinned'}` : `Knowledge entry "${saved.title}" updated`;
      return this.recordUpdate(manager, principal, saved, changes, summary);
    });
  }
}

export const subject = (entry: KnowledgeEntryEntity) => ({ type: 'knowledge_entry', id: entry.id, organizationId: entry.organizationId, boardId: entry.boardId });
