import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JsonObject } from '../database/base.entity';
import { JobEffectEntity } from './job-effect.entity';

/** Thrown inside a transaction whose effect already happened: roll back, and answer with what it produced then. */
export class EffectAlreadyRecorded extends Error {
  constructor(
    readonly key: string,
    readonly result: JsonObject,
  ) {
    super(`the effect ${key} already happened`);
  }
}

/** For services that engines call: the effect is recorded under this key in the service's own transaction. */
export interface EffectOptions {
  effectKey?: string;
}

/**
 * Exactly-once effects for handlers that may run twice (a crash after the effect, before the job was marked
 * done): the effect's key is recorded in the transaction that has the effect, so a second run finds it.
 */
@Injectable()
export class JobEffects {
  /** True when this transaction is the first to claim the key. */
  async claim(manager: EntityManager, key: string, result: JsonObject = {}): Promise<boolean> {
    const inserted = await manager.createQueryBuilder().insert().into(JobEffectEntity).values({ key, result }).orIgnore().returning(['key']).execute();
    return inserted.raw.length > 0;
  }

  /** Claims keys no transaction has claimed yet, in one statement; a key claimed before fails the transaction. */
  async claimAll(manager: EntityManager, claims: Array<{ key: string; result: JsonObject }>): Promise<void> {
    if (claims.length > 0) await manager.insert(JobEffectEntity, claims);
  }

  /** What the effect produced, if it already happened. */
  async resultOf(manager: EntityManager, key: string): Promise<JsonObject | undefined> {
    return (await manager.findOneBy(JobEffectEntity, { key }))?.result;
  }

  /** Claims the key or throws EffectAlreadyRecorded with the earlier result (which rolls the transaction back). */
  async record(manager: EntityManager, key: string, result: JsonObject = {}): Promise<void> {
    if (await this.claim(manager, key, result)) return;
    const earlier = await manager.findOneByOrFail(JobEffectEntity, { key });
    throw new EffectAlreadyRecorded(key, earlier.result);
  }
}
