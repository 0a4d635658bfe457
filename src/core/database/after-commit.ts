import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

type Callback = () => void;

/**
 * Work that must wait for a transaction to commit (publishing to live sockets, waking the dispatcher) and
 * must not happen if it rolls back. Outside a transaction the work runs on the next turn.
 */
@Injectable()
export class AfterCommit implements EntitySubscriberInterface {
  private readonly waiting = new WeakMap<QueryRunner, Callback[]>();

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  run(manager: EntityManager, callback: Callback): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      setImmediate(callback);
      return;
    }
    const callbacks = this.waiting.get(runner);
    if (callbacks) callbacks.push(callback);
    else this.waiting.set(runner, [callback]);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const callbacks = this.take(event.queryRunner);
    for (const callback of callbacks) callback();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.take(event.queryRunner);
  }

  private take(runner: QueryRunner): Callback[] {
    const callbacks = this.waiting.get(runner) ?? [];
    this.waiting.delete(runner);
    return callbacks;
  }
}
