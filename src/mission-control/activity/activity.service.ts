import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, InsertQueryBuilder, Repository } from 'typeorm';
import { scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { type Actor, actorOf, type AdminPrincipal, type Principal } from '../../core/auth/principal';
import type { JsonObject } from '../../core/database/base.entity';
import { fetchPage, findOrNotFound, likePattern } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { ActivityEntryDto, ActivityListQueryDto } from './dto/activity.dto';
import { ActivityEntryEntity } from './entities/activity-entry.entity';

/** What a write was about, as the trail files it. */
export interface AuditSubject {
  type: string;
  id: string;
  organizationId: string | null;
  boardId?: string | null;
}

export interface ActivityRecord {
  actor: Actor;
  action: string;
  organizationId: string | null;
  target: { type: string; id: string | null };
  summary: string;
  boardId?: string | null;
  changes?: Record<string, unknown>;
}

const SECRET_FIELD = /password|token|secret/i;

/** Keeps credentials out of the trail whatever a caller passes in `changes`. */
function withoutSecrets(changes: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(changes).map(([key, value]) => [key, SECRET_FIELD.test(key) ? '[redacted]' : value]));
}

@Injectable()
export class ActivityService {
  constructor(@InjectRepository(ActivityEntryEntity) private readonly entries: Repository<ActivityEntryEntity>) {}

  async list(principal: AdminPrincipal, query: ActivityListQueryDto): Promise<Page<ActivityEntryDto>> {
    const builder = this.entries.createQueryBuilder('e');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('e.organizationId = :organizationId', { organizationId });
    if (query.board_id) builder.andWhere('e.boardId = :boardId', { boardId: query.board_id });
    if (query.actor_type) builder.andWhere('e.actorType = :actorType', { actorType: query.actor_type });
    if (query.actor_id) builder.andWhere('e.actorId = :actorId', { actorId: query.actor_id });
    if (query.action?.endsWith('.')) builder.andWhere('e.action LIKE :action', { action: `${query.action}%` });
    else if (query.action) builder.andWhere('e.action = :action', { action: query.action });
    if (query.target_type) builder.andWhere('e.targetType = :targetType', { targetType: query.target_type });
    if (query.target_id) builder.andWhere('e.targetId = :targetId', { targetId: query.target_id });
    if (query.since) builder.andWhere('e.createdAt >= :since', { since: new Date(query.since) });
    if (query.until) builder.andWhere('e.createdAt < :until', { until: new Date(query.until) });
    if (query.q) builder.andWhere('e.summary ILIKE :q', { q: likePattern(query.q) });
    return (await fetchPage(builder, query, { created_at: 'createdAt' }, 'created_at')).map(ActivityEntryDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<ActivityEntryDto> {
    const entry = await findOrNotFound(this.entries, { id }, 'Activity entry');
    if (principal.organizationId !== null && entry.organizationId !== principal.organizationId) {
      throw new ForbiddenException({ detail: 'This entry belongs to another organization' });
    }
    return ActivityEntryDto.from(entry);
  }

  /** The audit row of `by`'s write to `subject`, in the write's own transaction. */
  recordChange(
    manager: EntityManager,
    by: Principal,
    subject: AuditSubject,
    action: string,
    summary: string,
    changes?: Record<string, unknown>,
  ): Promise<void> {
    return this.record(manager, {
      actor: actorOf(by),
      action,
      organizationId: subject.organizationId,
      target: { type: subject.type, id: subject.id },
      boardId: subject.boardId ?? null,
      summary,
      changes,
    });
  }

  /** Writes the audit row with the caller's transaction, so both commit or neither does. */
  async record(manager: EntityManager, record: ActivityRecord): Promise<void> {
    await this.recordMany(manager, [record]);
  }

  /** Several entries in one statement. */
  async recordMany(manager: EntityManager, records: ActivityRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.insertOf(manager, records).updateEntity(false).execute();
  }

  /** The insert that records `records` when it runs in `manager`'s transaction (to send with other inserts). */
  insertOf(manager: EntityManager, records: ActivityRecord[]): InsertQueryBuilder<ActivityEntryEntity> {
    return manager
      .createQueryBuilder()
      .insert()
      .into(ActivityEntryEntity)
      .values(
        records.map((record) => ({
          organizationId: record.organizationId,
          actorType: record.actor.type,
          actorId: record.actor.id,
          action: record.action,
          targetType: record.target.type,
          targetId: record.target.id,
          boardId: record.boardId ?? null,
          summary: record.summary,
          changes: withoutSecrets(record.changes ?? {}),
        })),
      );
  }
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** `{field: {from, to}}` for the fields a PATCH actually changed, named as the API names them (snake_case). */
export function changedFields<T extends object>(before: T, patch: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    const from = (before as Record<string, unknown>)[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[snakeCase(key)] = { from, to };
  }
  return changes;
}
