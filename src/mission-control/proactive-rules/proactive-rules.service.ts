import { ConflictException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { actorOf, AdminPrincipal } from '../../core/auth/principal';
import { AfterCommit } from '../../core/database/after-commit';
import { fetchPage } from '../../core/database/query-helpers';
import { FieldError, FieldValidationException } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { stableUuid } from '../../core/jobs/job-engine';
import { EventBus } from '../../core/realtime/event-bus';
import { ActivityService } from '../activity/activity.service';
import { BoardsService } from '../boards/boards.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { ActionExecutor } from '../suggestions/actions/action-executor.service';
import { actionProblems, ActionSpec } from '../suggestions/actions/action-types';
import { BUILTIN_RULES } from './builtin-rules';
import { CreateProactiveRuleDto, ProactiveRuleDto, ProactiveRuleListQueryDto, RULE_SORT, UpdateProactiveRuleDto } from './dto/proactive-rule.dto';
import { ProactiveRuleEntity } from './entities/proactive-rule.entity';
import { asConditions, asTrigger, conditionProblems, triggerProblems } from './rule-definition';

/** Every instance drops its cached rules of an organisation when one changes (published after the commit). */
const RULES_CHANGED_CHANNEL = 'proactive-rules:changed';
// a safety net for a change notice an instance missed (a Redis blip)
const RULES_CACHE_MS = 30_000;

/** What a built-in rule keeps as shipped: an admin toggles it, tunes its conditions and cooldown, and renames it. */
const FIXED_IN_BUILTINS = ['trigger', 'action', 'board_id'] as const;

@Injectable()
export class ProactiveRulesService implements OnModuleInit {
  /** Organisations whose built-in rows this process has seen in place (they are never removed while the organisation lives). */
  private readonly builtinsInPlace = new Set<string>();
  /** The enabled event rules of an organisation by event name, as the rule engine asks for them on every event. */
  private readonly enabledByOrganization = new Map<string, { loadedAt: number; byEvent: Promise<Map<string, ProactiveRuleEntity[]>> }>();

  constructor(
    @InjectRepository(ProactiveRuleEntity) private readonly rules: Repository<ProactiveRuleEntity>,
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly boards: BoardsService,
    private readonly executor: ActionExecutor,
    private readonly activity: ActivityService,
    private readonly bus: EventBus,
    private readonly afterCommit: AfterCommit,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(RULES_CHANGED_CHANNEL, (message) => this.enabledByOrganization.delete((message.payload as { organization_id: string }).organization_id));
  }

  /** The enabled rules of an organisation triggered by an event, from a per-organisation cache kept fresh by change notices. */
  async enabledFor(organizationId: string, eventName: string): Promise<ProactiveRuleEntity[]> {
    let cached = this.enabledByOrganization.get(organizationId);
    if (!cached || Date.now() - cached.loadedAt > RULES_CACHE_MS) {
      cached = { loadedAt: Date.now(), byEvent: this.loadEnabled(organizationId) };
      this.enabledByOrganization.set(organizationId, cached);
      cached.byEvent.catch(() => this.enabledByOrganization.delete(organizationId));
    }
    return (await cached.byEvent).get(eventName) ?? [];
  }

  private async loadEnabled(organizationId: string): Promise<Map<string, ProactiveRuleEntity[]>> {
    await this.ensureBuiltins(organizationId);
    const rules = await this.rules.find({ where: { organizationId, enabled: true } });
    const byEvent = new Map<string, ProactiveRuleEntity[]>();
    for (const rule of rules) {
      if (rule.triggerEvent) byEvent.set(rule.triggerEvent, [...(byEvent.get(rule.triggerEvent) ?? []), rule]);
    }
    return byEvent;
  }

  async list(principal: AdminPrincipal, query: ProactiveRuleListQueryDto): Promise<Page<ProactiveRuleDto>> {
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    await this.ensureBuiltins(organizationId);
    const builder = this.rules.createQueryBuilder('r');
    if (organizationId) builder.andWhere('r.organizationId = :organizationId', { organizationId });
    if (query.board_id) builder.andWhere('r.boardId = :boardId', { boardId: query.board_id });
    if (query.enabled !== undefined) builder.andWhere('r.enabled = :enabled', { enabled: query.enabled });
    if (query.builtin !== undefined) builder.andWhere(query.builtin ? 'r.builtinKey IS NOT NULL' : 'r.builtinKey IS NULL');
    return (await fetchPage(builder, query, RULE_SORT, 'created_at')).map(ProactiveRuleDto.from);
  }

  async get(principal: AdminPrincipal, id: string): Promise<ProactiveRuleDto> {
    return ProactiveRuleDto.from(await this.load(principal, id));
  }

  async create(principal: AdminPrincipal, dto: CreateProactiveRuleDto): Promise<ProactiveRuleDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    if (dto.board_id) await this.boards.assertInOrganization(dto.board_id, dto.organization_id);
    const action = this.checkedDefinition(dto);
    await this.executor.assertReferences(action!, dto.organization_id);
    const trigger = asTrigger(dto.trigger);
    const rule = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ProactiveRuleEntity, {
          organizationId: dto.organization_id,
          boardId: dto.board_id ?? null,
          name: dto.name.trim(),
          description: dto.description ?? null,
          trigger,
          triggerEvent: trigger.type === 'event' ? trigger.event : null,
          conditions: asConditions(dto.conditions ?? []),
          action: action!,
          cooldownMinutes: dto.cooldown_minutes ?? 60,
          enabled: dto.enabled ?? true,
          builtinKey: null,
        }),
      );
      await this.record(manager, principal, saved, 'rule.created', `Proactive rule "${saved.name}" created`);
      return saved;
    });
    return ProactiveRuleDto.from(rule);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateProactiveRuleDto): Promise<ProactiveRuleDto> {
    const rule = await this.load(principal, id);
    if (rule.builtinKey) {
      const fixed = FIXED_IN_BUILTINS.filter((field) => dto[field] !== undefined);
      if (fixed.length > 0) {
        throw new ConflictException({ detail: `A built-in rule keeps its ${fixed.join(', ')}: toggle it, or change its name, description, conditions or cooldown_minutes` });
      }
    }
    if (dto.board_id) await this.boards.assertInOrganization(dto.board_id, rule.organizationId);
    const action = this.checkedDefinition(dto);
    if (action) await this.executor.assertReferences(action, rule.organizationId);
    if (dto.name !== undefined) rule.name = dto.name.trim();
    if (dto.description !== undefined) rule.description = dto.description;
    if (dto.board_id !== undefined) rule.boardId = dto.board_id;
    if (dto.trigger !== undefined) {
      rule.trigger = asTrigger(dto.trigger);
      rule.triggerEvent = rule.trigger.type === 'event' ? rule.trigger.event : null;
    }
    if (dto.conditions !== undefined) rule.conditions = asConditions(dto.conditions);
    if (action) rule.action = action;
    if (dto.cooldown_minutes !== undefined) rule.cooldownMinutes = dto.cooldown_minutes;
    if (dto.enabled !== undefined) rule.enabled = dto.enabled;
    const saved = await this.dataSource.transaction(async (manager) => {
      const updated = await manager.save(rule);
      await this.record(manager, principal, updated, 'rule.updated', `Proactive rule "${updated.name}" updated`);
      return updated;
    });
    return ProactiveRuleDto.from(saved);
  }

  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const rule = await this.load(principal, id);
    if (rule.builtinKey) throw new ConflictException({ detail: 'A built-in rule cannot be deleted; toggle it off instead' });
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(ProactiveRuleEntity, { id: rule.id });
      await this.record(manager, principal, rule, 'rule.deleted', `Proactive rule "${rule.name}" deleted`);
    });
  }

  async toggle(principal: AdminPrincipal, id: string): Promise<ProactiveRuleDto> {
    const rule = await this.load(principal, id);
    const saved = await this.dataSource.transaction(async (manager) => {
      await manager.update(ProactiveRuleEntity, { id: rule.id }, { enabled: () => 'NOT enabled' });
      const toggled = await manager.findOneByOrFail(ProactiveRuleEntity, { id: rule.id });
      await this.record(manager, principal, toggled, 'rule.toggled', `Proactive rule "${toggled.name}" ${toggled.enabled ? 'enabled' : 'disabled'}`);
      return toggled;
    });
    return ProactiveRuleDto.from(saved);
  }

  /**
   * Puts the built-in rules in place for one organisation (or, without one, every organisation that lacks
   * some): rows with ids derived from the organisation and the key, inserted only where missing, so instances
   * doing it at the same time insert each once.
   */
  async ensureBuiltins(organizationId?: string): Promise<void> {
    if (organizationId && this.builtinsInPlace.has(organizationId)) return;
    const lacking: Array<{ id: string }> = await this.dataSource.query(
      `SELECT o.id FROM organizations o
        WHERE ($1::uuid IS NULL OR o.id = $1)
          AND (SELECT count(*) FROM proactive_rules r WHERE r.organization_id = o.id AND r.builtin_key IS NOT NULL) < $2`,
      [organizationId ?? null, BUILTIN_RULES.length],
    );
    if (lacking.length > 0) {
      const rows = lacking.flatMap(({ id }) =>
        BUILTIN_RULES.map((builtin) => ({
          id: stableUuid(`builtin-rule:${id}:${builtin.key}`),
          organizationId: id,
          boardId: null,
          name: builtin.name,
          description: builtin.description,
          trigger: builtin.trigger,
          triggerEvent: builtin.trigger.type === 'event' ? builtin.trigger.event : null,
          conditions: builtin.conditions,
          action: builtin.action,
          cooldownMinutes: 60,
          enabled: true,
          builtinKey: builtin.key,
        })),
      );
      await this.dataSource.createQueryBuilder().insert().into(ProactiveRuleEntity).values(rows as QueryDeepPartialEntity<ProactiveRuleEntity>[]).orIgnore().execute();
    }
    if (organizationId) this.builtinsInPlace.add(organizationId);
  }

  /** The new definition's problems as one 422 (each field named); answers the action when one was given. */
  private checkedDefinition(dto: UpdateProactiveRuleDto): ActionSpec | undefined {
    const problems: FieldError[] = [];
    if (dto.trigger !== undefined) problems.push(...triggerProblems(dto.trigger));
    if (dto.conditions !== undefined) problems.push(...conditionProblems(dto.conditions));
    if (dto.action !== undefined) problems.push(...actionProblems(dto.action, 'action'));
    if (problems.length > 0) throw new FieldValidationException(problems, problems[0].message);
    if (dto.action === undefined) return undefined;
    const action = dto.action as unknown as ActionSpec;
    return { type: action.type, params: action.params ?? {} };
  }

  private async load(principal: AdminPrincipal, id: string): Promise<ProactiveRuleEntity> {
    const rule = await this.rules.findOneBy({ id });
    if (!rule) throw new NotFoundException({ detail: 'Proactive rule not found' });
    assertOrganizationAccess(principal, rule.organizationId);
    return rule;
  }

  /** The audit row of a rule change, and the change notice to every instance once it commits. */
  private record(manager: EntityManager, principal: AdminPrincipal, rule: ProactiveRuleEntity, action: string, summary: string): Promise<void> {
    this.afterCommit.run(manager, () => {
      this.enabledByOrganization.delete(rule.organizationId);
      void this.bus.publish(RULES_CHANGED_CHANNEL, 'changed', { organization_id: rule.organizationId });
    });
    return this.activity.record(manager, {
      actor: actorOf(principal),
      action,
      organizationId: rule.organizationId,
      target: { type: 'proactive_rule', id: rule.id },
      boardId: rule.boardId,
      summary,
      changes: { enabled: rule.enabled, trigger: rule.trigger, action: rule.action.type },
    });
  }
}
