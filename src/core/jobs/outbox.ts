import { Injectable } from '@nestjs/common';
import { EntityManager, InsertQueryBuilder } from 'typeorm';
import { JsonObject } from '../database/base.entity';
import { PayloadMap } from './job.decorators';
import { OutboxEventEntity } from './outbox-event.entity';
import { OutboxDispatcher } from './outbox-dispatcher';

/**
 * Records domain events in the transaction of the change they describe. Typed by each API side over its
 * own event map (`Outbox<MissionControlEvents>`), so a wrong name or payload fails the type check.
 */
@Injectable()
export class Outbox<M extends PayloadMap = PayloadMap> {
  constructor(private readonly dispatcher: OutboxDispatcher) {}

  async record<K extends keyof M & string>(manager: EntityManager, name: K, payload: M[K], organizationId: string | null): Promise<void> {
    await this.insertOf(manager, name, payload, organizationId).updateEntity(false).execute();
  }

  /** The insert that records the event when it runs in `manager`'s transaction (to send with other inserts). */
  insertOf<K extends keyof M & string>(manager: EntityManager, name: K, payload: M[K], organizationId: string | null): InsertQueryBuilder<OutboxEventEntity> {
    this.dispatcher.afterCommitOf(manager);
    return manager.createQueryBuilder().insert().into(OutboxEventEntity).values({ name, payload: payload as JsonObject, organizationId });
  }
}
