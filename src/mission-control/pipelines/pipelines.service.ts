import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { applyPatch, fetchPage } from '../../core/database/query-helpers';
import { FieldError, fieldError, FieldValidationException } from '../../core/http/api-errors';
import { OutboundHttp } from '../../core/http/outbound-http';
import { Page, PageQueryDto } from '../../core/http/pagination';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { BoardsService } from '../boards/boards.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { StageDefinition } from './definition';
import { CreatePipelineDto, PIPELINE_SORT, PipelineDto, PipelineListQueryDto, PipelineTemplateDto, StageDto, UpdatePipelineDto } from './dto/pipeline.dto';
import { PipelineEntity } from './entities/pipeline.entity';
import { PipelineRunEntity } from './entities/pipeline-run.entity';
import { definitionProblems, normalizeTrigger, TriggerInput } from './pipeline-rules';
import { hasVariables } from './variables';
import { PIPELINE_TEMPLATES, templateOf } from './templates';

/** A pipeline as it will be saved, before it is checked. */
interface Draft {
  boardId: string | null;
  name: string;
  description: string | null;
  trigger: TriggerInput;
  stages: StageDefinition[];
  enabled: boolean;
}

const UNFINISHED = ['queued', 'running', 'waiting'] as const;
const pipelineSubject = (pipeline: PipelineEntity): AuditSubject => ({ type: 'pipeline', id: pipeline.id, organizationId: pipeline.organizationId, boardId: pipeline.boardId });

function stagesOf(dtos: StageDto[]): StageDefinition[] {
  return dtos.map((stage) => ({ key: stage.key, name: stage.name.trim(), type: stage.type, config: { ...stage.config } }));
}

@Injectable()
export class PipelinesService {
  constructor(
    @InjectRepository(PipelineEntity) private readonly pipelines: Repository<PipelineEntity>,
    @InjectRepository(PipelineRunEntity) private readonly runs: Repository<PipelineRunEntity>,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    private readonly boards: BoardsService,
    private readonly organizations: OrganizationsService,
    private readonly outbound: OutboundHttp,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, query: PipelineListQueryDto): Promise<Page<PipelineDto>> {
    const builder = this.pipelines.createQueryBuilder('p');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('p.organizationId = :organizationId', { organizationId });
    if (query.board_id) builder.andWhere('p.boardId = :boardId', { boardId: query.board_id });
    if (query.enabled !== undefined) builder.andWhere('p.enabled = :enabled', { enabled: query.enabled });
    if (query.trigger_type) builder.andWhere('p.triggerType = :triggerType', { triggerType: query.trigger_type });
    return (await fetchPage(builder, query, PIPELINE_SORT, 'created_at')).map(PipelineDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<PipelineDto> {
    return PipelineDto.from(await this.load(principal, id));
  }

  async load(principal: AdminPrincipal, id: string): Promise<PipelineEntity> {
    const pipeline = await this.pipelines.findOneBy({ id });
    if (!pipeline) throw new NotFoundException({ detail: 'Pipeline not found' });
    assertOrganizationAccess(principal, pipeline.organizationId);
    return pipeline;
  }

  templates(query: PageQueryDto): Page<PipelineTemplateDto> {
    const ordered = query.order === 'desc' ? [...PIPELINE_TEMPLATES].reverse() : PIPELINE_TEMPLATES;
    return Page.of(ordered.slice(query.offset, query.offset + query.limit).map((template) => structuredClone(template)), PIPELINE_TEMPLATES.length, query);
  }

  /** From its fields, or from a built-in template (`template`) that the other fields override. */
  async create(principal: AdminPrincipal, dto: CreatePipelineDto): Promise<PipelineDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    const template = dto.template === undefined ? undefined : templateOf(dto.template);
    if (dto.template !== undefined && !template) {
      throw fieldError('template', `template "${dto.template}" is not a built-in template (GET /api/v1/pipeline-templates lists them)`);
    }
    if (template && dto.stages) throw fieldError('stages', 'stages come from the template: give template or stages, not both');
    const draft: Draft = {
      boardId: dto.board_id ?? null,
      name: (dto.name ?? template!.name).trim(),
      description: dto.description !== undefined ? dto.description : (template?.description ?? null),
      trigger: dto.trigger ?? template?.trigger ?? { type: 'manual' },
      stages: dto.stages ? stagesOf(dto.stages) : structuredClone(template!.stages),
      enabled: dto.enabled ?? true,
    };
    await this.assertValid(draft, dto.organization_id);
    const saved = await this.dataSource.transaction(async (manager) => {
      const pipeline = await manager.save(
        manager.create(PipelineEntity, {
          organizationId: dto.organization_id,
          ...this.columnsOf(draft),
          templateKey: template?.key ?? null,
        }),
      );
      const origin = template ? ` from the template "${template.key}"` : '';
      await this.activity.recordChange(manager, principal, pipelineSubject(pipeline), 'pipeline.created', `Pipeline "${pipeline.name}" created${origin}`);
      return pipeline;
    });
    return PipelineDto.from(saved);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdatePipelineDto): Promise<PipelineDto> {
    const pipeline = await this.load(principal, id);
    const draft: Draft = {
      boardId: dto.board_id !== undefined ? dto.board_id : pipeline.boardId,
      name: dto.name?.trim() ?? pipeline.name,
      description: dto.description !== undefined ? dto.description : pipeline.description,
      trigger: dto.trigger ?? pipeline.trigger,
      stages: dto.stages ? stagesOf(dto.stages) : pipeline.stages,
      enabled: dto.enabled ?? pipeline.enabled,
    };
    await this.assertValid(draft, pipeline.organizationId);
    const patch = this.columnsOf(draft);
    const changes = changedFields(pipeline, patch);
    const saved = await this.dataSource.transaction(async (manager) => {
      const result = await manager.save(applyPatch(pipeline, patch));
      await this.activity.recordChange(manager, principal, pipelineSubject(result), 'pipeline.updated', `Pipeline "${result.name}" updated`, changes);
      return result;
    });
    return PipelineDto.from(saved);
  }

  /** A pipeline with runs under way is kept (409): cancel them first, so nothing they opened is left behind. */
  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const pipeline = await this.load(principal, id);
    const unfinished = await this.runs.countBy({ pipelineId: pipeline.id, status: In([...UNFINISHED]) });
    if (unfinished > 0) throw new ConflictException({ detail: `This pipeline has ${unfinished} run(s) under way; cancel them first` });
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(PipelineEntity, { id: pipeline.id });
      await this.activity.recordChange(manager, principal, pipelineSubject(pipeline), 'pipeline.deleted', `Pipeline "${pipeline.name}" deleted`);
    });
  }

  private columnsOf(draft: Draft) {
    const trigger = normalizeTrigger(draft.trigger);
    return { boardId: draft.boardId, name: draft.name, description: draft.description, triggerType: trigger.type, trigger, stages: draft.stages, enabled: draft.enabled };
  }

  /** 422 naming each field that is wrong: the board, the trigger, every stage's config and the agents it names. */
  private async assertValid(draft: Draft, organizationId: string): Promise<void> {
    if (draft.boardId) await this.boards.assertInOrganization(draft.boardId, organizationId);
    const problems = definitionProblems({ ...draft, urlRefusal: (url) => this.outbound.refusal(url) });
    problems.push(...(await this.agentProblems(draft.stages, organizationId)));
    if (problems.length > 0) throw new FieldValidationException(problems, problems[0].message);
  }

  private async agentProblems(stages: StageDefinition[], organizationId: string): Promise<FieldError[]> {
    const named = stages
      .map((stage, index) => ({ index, agentId: stage.type === 'ai_task' ? (stage.config.agent_id as string | undefined) : undefined }))
      .filter((entry): entry is { index: number; agentId: string } => entry.agentId !== undefined && !hasVariables(entry.agentId));
    if (named.length === 0) return [];
    const found = await this.agents.find({ where: { id: In(named.map((entry) => entry.agentId)), organizationId }, select: { id: true } });
    const known = new Set(found.map((agent) => agent.id));
    return named
      .filter((entry) => !known.has(entry.agentId.toLowerCase()))
      .map((entry) => ({ field: `stages.${entry.index}.config.agent_id`, message: `stages.${entry.index}.config.agent_id does not name an agent of this organization` }));
  }
}
