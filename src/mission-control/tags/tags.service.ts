import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { actorOf, AdminPrincipal } from '../../core/auth/principal';
import { applyPatch, fetchPage, likePattern } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { EventBus } from '../../core/realtime/event-bus';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { TaskEntity } from '../tasks/entities/task.entity';
import { boardChannel, TaskChangedEvent } from '../tasks/task-events';
import { CreateTagDto, TAG_SORT, TagDto, TagListQueryDto, TagSummaryDto, TaskTagLinkDto, UpdateTagDto } from './dto/tag.dto';
import { TagEntity } from './entities/tag.entity';
import { TaskTagEntity } from './entities/task-tag.entity';

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const tagSubject = (x: TagEntity): AuditSubject => ({ type: 'tag', id: x.id, organizationId: x.organizationId });

@Injectable()
export class TagsService {
  constructor(
    @InjectRepository(TagEntity) private readonly tags: Repository<TagEntity>,
    @InjectRepository(TaskTagEntity) private readonly taskTags: Repository<TaskTagEntity>,
    @InjectRepository(TaskEntity) private readonly tasks: Repository<TaskEntity>,
    private readonly organizations: OrganizationsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
  ) {}

  async list(principal: AdminPrincipal, query: TagListQueryDto): Promise<Page<TagDto>> {
    const builder = this.tags.createQueryBuilder('g');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('g.organizationId = :organizationId', { organizationId });
    if (query.q) builder.andWhere('g.name ILIKE :q', { q: likePattern(query.q) });
    return (await fetchPage(builder, { ...query, order: query.sort ? query.order : 'asc' }, TAG_SORT, 'name')).map(TagDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<TagDto> {
    return TagDto.from(await this.load(principal, id));
  }

  async create(principal: AdminPrincipal, dto: CreateTagDto): Promise<TagDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    await this.assertNameFree(dto.organization_id, dto.name);
    const tag = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(TagEntity, {
          organizationId: dto.organization_id,
          name: dto.name,
          color: dto.color?.toLowerCase(),
          description: dto.description ?? null,
        }),
      );
      await this.activity.recordChange(manager, principal, tagSubject(saved), 'tag.created', `Tag "${saved.name}" created`);
      return saved;
    });
    return TagDto.from(tag);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateTagDto): Promise<TagDto> {
    const tag = await this.load(principal, id);
    if (dto.name && !sameName(dto.name, tag.name)) await this.assertNameFree(tag.organizationId, dto.name);
    const patch = { name: dto.name, color: dto.color?.toLowerCase(), description: dto.description };
    const changes = changedFields(tag, patch);
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(tag, patch);
      const result = await manager.save(tag);
      await this.activity.recordChange(manager, principal, tagSubject(result), 'tag.updated', `Tag "${result.name}" updated`, changes);
      return result;
    });
    return TagDto.from(saved);
  }

  /** Removes the tag from the catalogue and from every task that carried it. */
  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const tag = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(TagEntity, { id: tag.id });
      await this.activity.recordChange(manager, principal, tagSubject(tag), 'tag.deleted', `Tag "${tag.name}" deleted`);
    });
  }

  /** Tags a task (201), or confirms it already carries the tag (200). */
  async tagTask(principal: AdminPrincipal, id: string, taskId: string): Promise<{ created: boolean; link: TaskTagLinkDto }> {
    const tag = await this.load(principal, id);
    const task = await this.tasks.findOneBy({ id: taskId });
    if (!task) throw fieldError('task_id', 'task_id does not name an existing task');
    if (task.organizationId !== tag.organizationId) throw fieldError('task_id', 'The task belongs to another organization than the tag');
    const link = { tag_id: tag.id, task_id: task.id };
    if (await this.taskTags.existsBy({ tagId: tag.id, taskId: task.id })) return { created: false, link };
    const before = await this.namesOn(task.id);
    await this.dataSource.transaction(async (manager) => {
      await manager.createQueryBuilder().insert().into(TaskTagEntity).values({ tagId: tag.id, taskId: task.id }).orIgnore().execute();
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'task.tagged',
        organizationId: task.organizationId,
        target: { type: 'task', id: task.id },
        boardId: task.boardId,
        summary: `Task "${task.title}" tagged "${tag.name}"`,
        changes: { tag: tag.name },
      });
    });
    await this.publishTagsChanged(principal, task, before);
    return { created: true, link };
  }

  async untagTask(principal: AdminPrincipal, id: string, taskId: string): Promise<void> {
    const tag = await this.load(principal, id);
    const task = await this.tasks.findOneBy({ id: taskId });
    if (!task || !(await this.taskTags.existsBy({ tagId: tag.id, taskId }))) {
      throw new NotFoundException({ detail: 'This task does not carry that tag' });
    }
    const before = await this.namesOn(task.id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(TaskTagEntity, { tagId: tag.id, taskId });
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'task.untagged',
        organizationId: task.organizationId,
        target: { type: 'task', id: task.id },
        boardId: task.boardId,
        summary: `Task "${task.title}" untagged "${tag.name}"`,
        changes: { tag: tag.name },
      });
    });
    await this.publishTagsChanged(principal, task, before);
  }

  private async namesOn(taskId: string): Promise<string[]> {
    return ((await this.tagsOf([taskId])).get(taskId) ?? []).map((tag) => tag.name);
  }

  /** Live board views learn about tags changed through these routes like any other task change. */
  private async publishTagsChanged(principal: AdminPrincipal, task: TaskEntity, before: string[]): Promise<void> {
    const after = await this.namesOn(task.id);
    await this.events.publish<TaskChangedEvent>(boardChannel(task.boardId), 'task.updated', {
      task_id: task.id,
      changes: { tags: { from: before, to: after } },
      by: actorOf(principal),
    });
  }

  /** The catalogue entries for these names, created when missing (names match without regard to case). */
  async resolveNames(manager: EntityManager, organizationId: string, names: string[]): Promise<TagEntity[]> {
    const unique = names.filter((name, index) => names.findIndex((other) => sameName(other, name)) === index);
    if (unique.length === 0) return [];
    const lowered = unique.map((name) => name.toLowerCase());
    const known = await manager
      .createQueryBuilder(TagEntity, 'g')
      .where('g.organizationId = :organizationId AND lower(g.name) IN (:...lowered)', { organizationId, lowered })
      .getMany();
    const missing = unique.filter((name) => !known.some((tag) => sameName(tag.name, name)));
    const created = missing.length
      ? await manager.save(missing.map((name) => manager.create(TagEntity, { organizationId, name })))
      : [];
    return [...known, ...created];
  }

  async replaceTaskTags(manager: EntityManager, taskId: string, tags: TagEntity[]): Promise<void> {
    await manager.delete(TaskTagEntity, { taskId });
    if (tags.length > 0) await manager.insert(TaskTagEntity, tags.map((tag) => ({ taskId, tagId: tag.id })));
  }

  /** Inside a transaction, pass its manager (the embedded engine serves one transaction at a time). */
  async tagsOf(taskIds: string[], manager?: EntityManager): Promise<Map<string, TagSummaryDto[]>> {
    const byTask = new Map<string, TagSummaryDto[]>();
    if (taskIds.length === 0) return byTask;
    const repository = manager ? manager.getRepository(TaskTagEntity) : this.taskTags;
    const links = await repository.find({ where: { taskId: In(taskIds) }, relations: { tag: true } });
    for (const link of links.sort((a, b) => a.tag!.name.localeCompare(b.tag!.name))) {
      byTask.set(link.taskId, [...(byTask.get(link.taskId) ?? []), TagSummaryDto.from(link.tag!)]);
    }
    return byTask;
  }

  private async load(principal: AdminPrincipal, id: string): Promise<TagEntity> {
    const tag = await this.tags.findOneBy({ id });
    if (!tag) throw new NotFoundException({ detail: 'Tag not found' });
    assertOrganizationAccess(principal, tag.organizationId);
    return tag;
  }

  private async assertNameFree(organizationId: string, name: string): Promise<void> {
    const taken = await this.tags
      .createQueryBuilder('g')
      .where('g.organizationId = :organizationId AND lower(g.name) = lower(:name)', { organizationId, name })
      .getExists();
    if (taken) throw new ConflictException({ detail: `A tag named "${name}" already exists in this organization` });
  }
}
