import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobEffectEntity } from './job-effect.entity';

/**
 * Exactly-once effects for handlers that may run twice (a crash after the effect, before the job was marked
 * done): the handler claims a key for the effect inside the transaction that has it; a second run finds the
 * key taken and does nothing.
 */
@Injectable()
export class JobEffects {
  async claim(manager: EntityManager, key: string): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(JobEffectEntity).values({ key }).orIgnore().returning(['key']).execute();
    return result.raw.length > 0;
  }
}
