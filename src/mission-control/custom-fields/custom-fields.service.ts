import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { applyPatch, fetchPage } from '../../core/database/query-helpers';
import { fieldError, FieldValidationException } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { BoardEntity } from '../boards/entities/board.entity';
import { BoardsService } from '../boards/boards.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { TaskEntity } from '../tasks/entities/task.entity';
import { mergeCustomFields } from './custom-field-values';
import { CreateCustomFieldDto, CustomFieldDto, CustomFieldListQueryDto, UpdateCustomFieldDto } from './dto/custom-field.dto';
import { TaskCustomFieldEntity } from './entities/task-custom-field.entity';

type BoardWithFieldDefinitions = BoardEntity & { taskFieldDefinitions?: TaskCustomFieldEntity[] };

function resolveWith(definitions: TaskCustomFieldEntity[], current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const { values, problems } = mergeCustomFields(definitions, current, patch);
  if (problems.length > 0) throw new FieldValidationException(problems, problems[0].message);
  return values;
}

const fieldSubject = (x: TaskCustomFieldEntity): AuditSubject => ({ type: 'custom_field', id: x.id, organizationId: x.organizationId, boardId: x.boardId });

@Injectable()
export class CustomFieldsService {
  constructor(
    @InjectRepository(TaskCustomFieldEntity) private readonly fields: Repository<TaskCustomFieldEntity>,
    private readonly organizations: OrganizationsService,
    private readonly boards: BoardsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, query: CustomFieldListQueryDto): Promise<Page<CustomFieldDto>> {
    const builder = this.fields.createQueryBuilder('f');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('f.organizationId = :organizationId', { organizationId });
    if (query.board_id) {
      builder.andWhere(new Brackets((where) => where.where('f.boardId IS NULL').orWhere('f.boardId = :boardId', { boardId: query.board_id })));
    }
    return (await fetchPage(builder, query, { created_at: 'createdAt', key: 'key' }, 'created_at')).map(CustomFieldDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<CustomFieldDto> {
    return CustomFieldDto.from(await this.load(principal, id));
  }

  async create(principal: AdminPrincipal, dto: CreateCustomFieldDto): Promise<CustomFieldDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    if (dto.board_id) await this.boards.assertInOrganization(dto.board_id, dto.organization_id);
    if (dto.type !== 'enum' && dto.options) throw fieldError('options', 'options are for enum fields only');
    if (await this.fields.existsBy({ organizationId: dto.organization_id, key: dto.key })) {
      throw new ConflictException({ detail: `A custom field with key "${dto.key}" already exists in this organization` });
    }
    const field = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(TaskCustomFieldEntity, {
          organizationId: dto.organization_id,
          boardId: dto.board_id ?? null,
          key: dto.key,
          label: dto.label.trim(),
          type: dto.type,
          required: dto.required ?? false,
          options: dto.options ?? [],
          description: dto.description ?? null,
        }),
      );
      await this.activity.recordChange(manager, principal, fieldSubject(saved), 'custom_field.created', `Custom field "${saved.key}" (${saved.type}) created`);
      return saved;
    });
    return CustomFieldDto.from(field);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateCustomFieldDto): Promise<CustomFieldDto> {
    const field = await this.load(principal, id);
    if (dto.options && field.type !== 'enum') throw fieldError('options', 'options are for enum fields only');
    const patch = { label: dto.label?.trim(), required: dto.required, options: dto.options, description: dto.description };
    const changes = changedFields(field, patch);
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(field, patch);
      const result = await manager.save(field);
      await this.activity.recordChange(manager, principal, fieldSubject(result), 'custom_field.updated', `Custom field "${result.key}" updated`, changes);
      return result;
    });
    return CustomFieldDto.from(saved);
  }

  /** The field goes, and so do its values on every task. */
  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const field = await this.load(principal, id);
    await this.dataSource.transaction(async (manager) => {
      const tasks = manager
        .createQueryBuilder()
        .update(TaskEntity)
        .set({ customFields: () => 'custom_fields - :key' })
        .setParameter('key', field.key)
        .where('organization_id = :organizationId', { organizationId: field.organizationId });
      if (field.boardId) tasks.andWhere('board_id = :boardId', { boardId: field.boardId });
      await tasks.execute();
      await manager.delete(TaskCustomFieldEntity, { id: field.id });
      await this.activity.recordChange(manager, principal, fieldSubject(field), 'custom_field.deleted', `Custom field "${field.key}" deleted`);
    });
  }

  /**
   * The custom field values a task of this board ends up with after `patch` (null removes a value),
   * checked against the board's definitions; every problem is a 422 naming its field.
   */
  async resolveValues(
    manager: EntityManager,
    task: { organizationId: string; boardId: string },
    current: Record<string, unknown>,
    patch: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const definitions = await manager
      .createQueryBuilder(TaskCustomFieldEntity, 'f')
      .where('f.organizationId = :organizationId', { organizationId: task.organizationId })
      .andWhere(new Brackets((where) => where.where('f.boardId IS NULL').orWhere('f.boardId = :boardId', { boardId: task.boardId })))
      .getMany();
    return resolveWith(definitions, current, patch);
  }

  /**
   * The board a new task goes to, locked as `lock` says, read in one statement with the custom fields its
   * tasks carry; `resolve` turns the new task's values into what it stores.
   */
  async lockBoardForNewTask(
    manager: EntityManager,
    principal: AdminPrincipal,
    boardId: string,
    lock: 'exclusive' | 'shared',
  ): Promise<{ board: BoardEntity; resolve(values: Record<string, unknown>): Record<string, unknown> }> {
    const board: BoardWithFieldDefinitions = await this.boards.lockReferenced(manager, principal, boardId, lock, 'board_id', (builder) =>
      builder.leftJoinAndMapMany('b.taskFieldDefinitions', TaskCustomFieldEntity, 'f', 'f.organizationId = b.organizationId AND (f.boardId IS NULL OR f.boardId = b.id)'),
    );
    const definitions = board.taskFieldDefinitions ?? [];
    delete board.taskFieldDefinitions;
    return { board, resolve: (values) => resolveWith(definitions, {}, values) };
  }

  private async load(principal: AdminPrincipal, id: string): Promise<TaskCustomFieldEntity> {
    const field = await this.fields.findOneBy({ id });
    if (!field) throw new NotFoundException({ detail: 'Custom field not found' });
    assertOrganizationAccess(principal, field.organizationId);
    return field;
  }
}
