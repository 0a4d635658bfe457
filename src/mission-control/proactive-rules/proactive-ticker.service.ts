import { Injectable } from '@nestjs/common';
import { JobContext, OnSchedule } from '../../core/jobs/job.decorators';
import { MissionControlJobs, OnMissionControlJob } from '../domain-events';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { RuleEngine } from './rule-engine.service';
import { SituationScans } from './situation-scans.service';

const MINUTE_MS = 60_000;

/**
 * The proactive engine's minute, fired by a pg-boss schedule on one instance: schedule-triggered rules, expiry of
 * undecided suggestions, and the scans. Operators and tests may run a tick at once (`proactive.tick`, optionally
 * `at` a given time); every step is idempotent, so an extra tick changes nothing that was already done.
 */
@Injectable()
export class ProactiveTicker {
  constructor(
    private readonly engine: RuleEngine,
    private readonly scans: SituationScans,
    private readonly suggestions: SuggestionsService,
  ) {}

  @OnSchedule({ name: 'proactive.minute', cron: '* * * * *', retryLimit: 2, retryDelaySeconds: 5 })
  async everyMinute(_data: Record<string, never>, context: JobContext): Promise<void> {
    await this.tick(new Date(), context);
  }

  @OnMissionControlJob('proactive.tick', { retryLimit: 2, retryDelaySeconds: 2 })
  async onDemand(job: MissionControlJobs['proactive.tick'], context: JobContext): Promise<void> {
    await this.tick(job.at ? new Date(job.at) : new Date(), context);
  }

  /** Runs every step even when one fails, then fails the tick with the first error (its retry redoes only what is left). */
  private async tick(at: Date, context: JobContext): Promise<void> {
    const minute = new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
    const steps = [() => this.engine.fireSchedules(minute, context), () => this.suggestions.expireDue(at), () => this.scans.scan(at)];
    let failure: unknown;
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
  }
}
