import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { assertOrganizationAccess } from '../../core/auth/organization-scope';
import { Actor, actorOf, AdminPrincipal } from '../../core/auth/principal';
import type { JsonObject } from '../../core/database/base.entity';
import { fetchPage } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { JobEffects } from '../../core/jobs/job-effects';
import { RunTrigger } from './definition';
import { AdvanceRunDto, PipelineRunDto, RUN_SORT, RunListQueryDto, RunPipelineDto } from './dto/pipeline-run.dto';
import { PipelineEntity } from './entities/pipeline.entity';
import { PipelineRunEntity } from './entities/pipeline-run.entity';
import { PipelinesService } from './pipelines.service';
import { RunJournal } from './run-journal.service';
import { cancelRun, completeStage, currentStageOf, isFinished } from './run-state';

@Injectable()
export class PipelineRunsService {
  constructor(
    @InjectRepository(PipelineRunEntity) private readonly runs: Repository<PipelineRunEntity>,
    private readonly pipelines: PipelinesService,
    private readonly journal: RunJournal,
    private readonly effects: JobEffects,
    private readonly dataSource: DataSource,
  ) {}

  /** `POST /pipelines/{id}/run`: a run of an enabled pipeline, at its first stage. */
  async run(principal: AdminPrincipal, pipelineId: string, dto: RunPipelineDto): Promise<PipelineRunDto> {
    const pipeline = await this.pipelines.load(principal, pipelineId);
    if (!pipeline.enabled) throw new ConflictException({ detail: 'This pipeline is disabled; enable it to run it' });
    const actor = actorOf(principal);
    const run = await this.launch(pipeline, (dto.input ?? {}) as JsonObject, { type: 'manual', by: actor }, actor);
    return PipelineRunDto.from(run!);
  }

  /**
   * Starts a run in one transaction with the job that moves it. With `onceKey` (a trigger's event or firing),
   * a second launch for the same key starts nothing and answers null.
   */
  async launch(pipeline: PipelineEntity, input: JsonObject, trigger: RunTrigger, actor: Actor, onceKey?: string): Promise<PipelineRunEntity | null> {
    await this.journal.jobEngineReady();
    return this.dataSource.transaction(async (manager) => {
      if (onceKey && !(await this.effects.claim(manager, onceKey))) return null;
      return this.journal.start(manager, pipeline, input, trigger, actor);
    });
  }

  async list(principal: AdminPrincipal, pipelineId: string, query: RunListQueryDto): Promise<Page<PipelineRunDto>> {
    const pipeline = await this.pipelines.load(principal, pipelineId);
    const builder = this.runs.createQueryBuilder('r').where('r.pipelineId = :pipelineId', { pipelineId: pipeline.id });
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    return (await fetchPage(builder, query, RUN_SORT, 'created_at')).map(PipelineRunDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<PipelineRunDto> {
    return PipelineRunDto.from(await this.load(principal, id));
  }

  /**
   * Stops the run where it is: its stage `cancelled`, the rest `skipped`. What the stage opened is removed by the
   * step job this hands the run to (its task deleted unless done, its approval `cancelled`). A finished run is a 409.
   */
  async cancel(principal: AdminPrincipal, id: string): Promise<PipelineRunDto> {
    await this.load(principal, id);
    const actor = actorOf(principal);
    const run = await this.journal.change({ id }, actor, async (locked) => {
      if (isFinished(locked.status)) throw new ConflictException({ detail: `This run has already ${locked.status === 'cancelled' ? 'been cancelled' : locked.status}` });
      const stage = cancelRun(locked, new Date());
      return [{ action: 'stage_cancelled', stage: stage?.key, summary: `Stage "${stage?.name ?? ''}" cancelled with the run` }];
    });
    return PipelineRunDto.from(run!);
  }

  /** Completes the manual stage the run waits at, with `output`; anything else is a 409. */
  async advance(principal: AdminPrincipal, id: string, dto: AdvanceRunDto): Promise<PipelineRunDto> {
    await this.load(principal, id);
    const run = await this.journal.change({ id }, actorOf(principal), async (locked) => {
      const stage = currentStageOf(locked);
      if (isFinished(locked.status) || stage?.type !== 'manual' || stage.status !== 'waiting') {
        const where = isFinished(locked.status) ? `has ${locked.status}` : `is at the ${stage?.type ?? 'first'} stage "${stage?.key ?? ''}" (${stage?.status ?? 'pending'})`;
        throw new ConflictException({ detail: `Only a run waiting at a manual stage can be advanced; this one ${where}` });
      }
      completeStage(locked, locked.definition, stage.key, (dto.output ?? {}) as JsonObject, new Date());
      return [{ action: 'stage_succeeded', stage: stage.key, summary: `Stage "${stage.name}" advanced` }];
    });
    return PipelineRunDto.from(run!);
  }

  private async load(principal: AdminPrincipal, id: string): Promise<PipelineRunEntity> {
    const run = await this.runs.findOneBy({ id });
    if (!run) throw new NotFoundException({ detail: 'Pipeline run not found' });
    assertOrganizationAccess(principal, run.organizationId);
    return run;
  }
}
