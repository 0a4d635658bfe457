import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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

  async record<K extends keyof M & string>(manager: EntityManager, name: K, payload: M[K], organizationId: string | null): Promise<string> {
    const result = await manager.insert(OutboxEventEntity, { name, payload: payload as JsonObject, organizationId });
    this.dispatcher.afterCommitOf(manager);
    return (result.identifiers[0] as { id: string }).id;
  }
}
