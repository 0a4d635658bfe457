import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/principal';
import type { JsonObject } from '../../core/database/base.entity';
import { ActivityEntryEntity } from './entities/activity-entry.entity';

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
  /** Writes the audit row with the caller's transaction, so both commit or neither does. */
  async record(manager: EntityManager, record: ActivityRecord): Promise<void> {
    await manager.insert(ActivityEntryEntity, {
      organizationId: record.organizationId,
      actorType: record.actor.type,
      actorId: record.actor.id,
      action: record.action,
      targetType: record.target.type,
      targetId: record.target.id,
      boardId: record.boardId ?? null,
      summary: record.summary,
      changes: withoutSecrets(record.changes ?? {}),
    });
  }
}

/** `{field: {from, to}}` for the fields a PATCH actually changed. */
export function changedFields<T extends object>(before: T, patch: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    const from = (before as Record<string, unknown>)[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
