import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OnSchedule } from './job.decorators';

const KEEP_DISPATCHED_DAYS = 7;
const KEEP_EFFECTS_DAYS = 30;
const CHUNK = 5_000;

/** Dispatched events and claimed effects are kept for a while (for inspection and late retries), then removed in chunks. */
@Injectable()
export class OutboxMaintenance {
  constructor(private readonly dataSource: DataSource) {}

  @OnSchedule({ name: 'core.outbox-prune', cron: '17 * * * *' })
  async prune(): Promise<void> {
    await this.deleteInChunks(
      `DELETE FROM outbox_events WHERE id IN (SELECT id FROM outbox_events WHERE dispatched_at < now() - make_interval(days => ${KEEP_DISPATCHED_DAYS}) LIMIT ${CHUNK})`,
    );
    await this.deleteInChunks(
      `DELETE FROM job_effects WHERE key IN (SELECT key FROM job_effects WHERE created_at < now() - make_interval(days => ${KEEP_EFFECTS_DAYS}) LIMIT ${CHUNK})`,
    );
  }

  private async deleteInChunks(sql: string): Promise<void> {
    for (;;) {
      const [, removed]: [unknown, number] = await this.dataSource.query(sql);
      if (removed < CHUNK) return;
    }
  }
}
