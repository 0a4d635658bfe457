import { createHash } from 'node:crypto';
import { HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { actorOf, AdminPrincipal } from '../../core/auth/principal';
import { fetchPage } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { GatewayCaller, installClawHubSkill, installSkillArchive, setSkillEnabled, skillsStatus } from '../../integrations/openclaw-gateway';
import { ActivityService } from '../activity/activity.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { GatewayLinksService } from '../gateways/gateway-links.service';
import { GatewaysService } from '../gateways/gateways.service';
import { AgentTargets } from './agent-targets';
import { INSTALLATION_SORT, InstallationDto, InstallationListQueryDto, LiveSkillDto, LiveSkillsQueryDto } from './dto/installation.dto';
import { MarketplaceSkillEntity } from './entities/marketplace-skill.entity';
import { InstallationStatus, SkillInstallationEntity } from './entities/skill-installation.entity';
import { generatedDescription, skillMarkdown } from './skill-markdown';
import { SkillsMarketplaceService } from './skills-marketplace.service';

/** The gateway reloads its config after skills.update, and notices a new skill folder, a moment later (0.2 s to seconds under load). */
const SETTLE_TIMEOUT_MS = 10_000;
const SETTLE_POLL_MS = 150;

const INSTALLATION_KEY: Array<keyof SkillInstallationEntity> = ['gatewayId', 'openclawAgentId', 'skillId'];
const MAX_ERROR_LENGTH = 2000;

interface Package {
  hash: string;
  /** What skills.status reports once the gateway has read this version (a changed SKILL.md is noticed a moment later). */
  description?: string;
  install(caller: GatewayCaller, agentId: string, force: boolean): Promise<{ slug?: string }>;
}

/** What a gateway receives for a catalogue skill, and a hash of it that tells a repeat install from an update. */
function packageOf(skill: MarketplaceSkillEntity): Package {
  if (skill.source === 'clawhub') {
    const clawhubSlug = skill.clawhubSlug!;
    return {
      hash: createHash('sha256').update(`clawhub\0${clawhubSlug}\0${skill.version}`).digest('hex'),
      install: (caller, agentId) => installClawHubSkill(caller, { slug: clawhubSlug, version: skill.version, agentId }),
    };
  }
  const files: Record<string, string> = { ...skill.files, 'SKILL.md': skillMarkdown(skill) };
  const canonical = JSON.stringify(Object.keys(files).sort().map((path) => [path, files[path]]));
  return {
    hash: createHash('sha256').update(`bundle\0${canonical}`).digest('hex'),
    description: generatedDescription(skill),
    install: (caller, agentId, force) => installSkillArchive(caller, { slug: skill.slug, files, agentId, force }),
  };
}

function errorText(error: unknown): string {
  const response = error instanceof HttpException ? error.getResponse() : undefined;
  const detail = typeof response === 'object' && response !== null ? (response as { detail?: unknown }).detail : undefined;
  const text = typeof detail === 'string' ? detail : error instanceof Error ? error.message : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}

type InstallationValues = Pick<SkillInstallationEntity, 'organizationId' | 'slug' | 'version' | 'status'> &
  Partial<Pick<SkillInstallationEntity, 'agentId' | 'contentHash' | 'error' | 'installedAt' | 'uninstalledAt'>> & { status: InstallationStatus };

const stringOr = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);

/** Installing catalogue skills on agents' gateways, and what each gateway has (by our records and live). */
@Injectable()
export class SkillInstallsService {
  constructor(
    @InjectRepository(SkillInstallationEntity) private readonly installations: Repository<SkillInstallationEntity>,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    private readonly catalogue: SkillsMarketplaceService,
    private readonly targets: AgentTargets,
    private readonly gateways: GatewaysService,
    private readonly links: GatewayLinksService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  /**
   * Installs the skill on the agent's gateway (for its OpenClaw agent). Already installed with the same content:
   * nothing is sent and the row comes back as it is (`created: false`). A gateway failure is recorded as a
   * `failed` row and then thrown (503 unreachable, 502 refused). Never waits on the gateway inside a transaction.
   */
  async install(principal: AdminPrincipal, skillId: string, agentId: string): Promise<{ created: boolean; installation: InstallationDto }> {
    const skill = await this.catalogue.load(principal, skillId);
    const { agent, gatewayId } = await this.targets.resolve(principal, agentId, skill.organizationId, 'skill');
    const key = { gatewayId, openclawAgentId: agent.openclawAgentId, skillId: skill.id };
    const existing = await this.installations.findOneBy(key);
    const pkg = packageOf(skill);
    if (existing?.status === 'installed' && existing.contentHash === pkg.hash) return { created: false, installation: InstallationDto.from(existing) };

    const caller = this.links.callerFor(gatewayId);
    let skillKey = skill.slug;
    try {
      const result = await pkg.install(caller, agent.openclawAgentId, existing !== null);
      if (skill.source === 'clawhub' && typeof result?.slug === 'string' && result.slug.length > 0 && result.slug.length <= 64) skillKey = result.slug;
      // an earlier uninstall disabled the skill key: installing again turns it back on
      if (existing && existing.status !== 'installed') await setSkillEnabled(caller, { skillKey, enabled: true });
      await this.settle(caller, agent.openclawAgentId, skillKey, { enabled: true, mustBeListed: true, description: pkg.description });
    } catch (error) {
      await this.dataSource.transaction(async (manager) => {
        await this.save(manager, key, { organizationId: skill.organizationId, agentId: agent.id, slug: existing?.slug ?? skillKey, version: skill.version, status: 'failed', error: errorText(error) });
        await this.recordAction(manager, principal, 'skill.install_failed', agent, skill, gatewayId, `Installing skill "${skill.slug}" on agent "${agent.name}" failed`, {
          error: errorText(error),
        });
      });
      throw error;
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      const row = await this.save(manager, key, {
        organizationId: skill.organizationId,
        agentId: agent.id,
        slug: skillKey,
        version: skill.version,
        contentHash: pkg.hash,
        status: 'installed',
        error: null,
        installedAt: new Date(),
        uninstalledAt: null,
      });
      await this.recordAction(manager, principal, 'skill.installed', agent, skill, gatewayId, `Skill "${skill.slug}" installed on agent "${agent.name}"`, {
        version: skill.version,
        reinstalled: existing !== null,
      });
      return row;
    });
    return { created: existing?.status !== 'installed', installation: InstallationDto.from(saved) };
  }

  /**
   * Disables the skill on the agent's gateway (`skills.update {skillKey, enabled: false}`: the gateway protocol
   * cannot remove a workspace skill) and marks the row uninstalled. Uninstalling again is a no-op.
   */
  async uninstall(principal: AdminPrincipal, skillId: string, agentId: string): Promise<InstallationDto> {
    const skill = await this.catalogue.load(principal, skillId);
    const { agent, gatewayId } = await this.targets.resolve(principal, agentId, skill.organizationId, 'skill');
    const key = { gatewayId, openclawAgentId: agent.openclawAgentId, skillId: skill.id };
    const existing = await this.installations.findOneBy(key);
    if (!existing) throw new NotFoundException({ detail: `Skill "${skill.slug}" was never installed for agent "${agent.name}" on its gateway` });
    if (existing.status === 'uninstalled') return InstallationDto.from(existing);
    await this.setEnabled(this.links.callerFor(gatewayId), agent.openclawAgentId, existing.slug, false);
    const saved = await this.dataSource.transaction(async (manager) => {
      const row = await this.save(manager, key, { organizationId: skill.organizationId, agentId: agent.id, slug: existing.slug, version: existing.version, status: 'uninstalled', error: null, uninstalledAt: new Date() });
      await this.recordAction(manager, principal, 'skill.uninstalled', agent, skill, gatewayId, `Skill "${skill.slug}" uninstalled from agent "${agent.name}"`, {});
      return row;
    });
    return InstallationDto.from(saved);
  }

  /** Our records of what each gateway has installed. */
  async listInstalled(principal: AdminPrincipal, query: InstallationListQueryDto): Promise<Page<InstallationDto>> {
    const builder = this.installations.createQueryBuilder('i');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('i.organizationId = :organizationId', { organizationId });
    if (query.gateway_id) builder.andWhere('i.gatewayId = :gatewayId', { gatewayId: query.gateway_id });
    if (query.skill_id) builder.andWhere('i.skillId = :skillId', { skillId: query.skill_id });
    if (query.status) builder.andWhere('i.status = :status', { status: query.status });
    if (query.agent_id) {
      const agent = await this.agents.findOneBy({ id: query.agent_id });
      if (!agent) throw fieldError('agent_id', 'agent_id does not name an existing agent');
      assertOrganizationAccess(principal, agent.organizationId);
      if (!agent.gatewayId) return Page.of([], 0, query);
      builder.andWhere('i.gatewayId = :agentGatewayId AND i.openclawAgentId = :openclawAgentId', {
        agentGatewayId: agent.gatewayId,
        openclawAgentId: agent.openclawAgentId,
      });
    }
    return (await fetchPage(builder, query, INSTALLATION_SORT, 'updated_at')).map(InstallationDto.from);
  }

  /** The gateway's own skill list right now (503 when it cannot be reached). */
  async live(principal: AdminPrincipal, gatewayId: string, query: LiveSkillsQueryDto): Promise<Page<LiveSkillDto>> {
    const gateway = await this.gateways.load(principal, gatewayId);
    let openclawAgentId: string | undefined;
    if (query.agent_id) {
      const agent = await this.agents.findOneBy({ id: query.agent_id });
      if (!agent) throw fieldError('agent_id', 'agent_id does not name an existing agent');
      assertOrganizationAccess(principal, agent.organizationId);
      if (agent.gatewayId !== gateway.id) throw fieldError('agent_id', 'The agent is not on this gateway');
      openclawAgentId = agent.openclawAgentId;
    }
    const report = await skillsStatus(this.links.callerFor(gateway.id), openclawAgentId);
    const skills = (Array.isArray(report?.skills) ? report.skills : [])
      .map((skill): LiveSkillDto => ({
        name: stringOr(skill.name, stringOr(skill.skillKey, '')),
        skill_key: stringOr(skill.skillKey, stringOr(skill.name, '')),
        source: stringOr(skill.source, 'unknown'),
        disabled: skill.disabled === true,
        eligible: skill.eligible === true,
        description: typeof skill.description === 'string' ? skill.description : null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return Page.of(skills.slice(query.offset, query.offset + query.limit), skills.length, query);
  }

  /**
   * Turns a skill key on or off, then waits (briefly, best effort) until skills.status shows it, so that the
   * live list read right after the answer agrees with it.
   */
  private async setEnabled(caller: GatewayCaller, agentId: string, skillKey: string, enabled: boolean): Promise<void> {
    await setSkillEnabled(caller, { skillKey, enabled });
    await this.settle(caller, agentId, skillKey, { enabled, mustBeListed: false });
  }

  /** Waits (briefly, best effort) until skills.status shows the skill in the wanted state (an install: listed, and with the pushed description). */
  private async settle(caller: GatewayCaller, agentId: string, skillKey: string, wanted: { enabled: boolean; mustBeListed: boolean; description?: string }): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const report = await skillsStatus(caller, agentId).catch(() => undefined);
      const skill = report?.skills?.find((candidate) => candidate.skillKey === skillKey);
      const shown = skill !== undefined && skill.disabled === !wanted.enabled && (wanted.description === undefined || skill.description === wanted.description);
      if (skill ? shown : !wanted.mustBeListed) return;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }

  private async save(
    manager: EntityManager,
    key: Pick<SkillInstallationEntity, 'gatewayId' | 'openclawAgentId' | 'skillId'>,
    values: InstallationValues,
  ): Promise<SkillInstallationEntity> {
    await manager.upsert(SkillInstallationEntity, { ...key, ...values }, { conflictPaths: INSTALLATION_KEY, skipUpdateIfNoValuesChanged: false });
    return manager.findOneByOrFail(SkillInstallationEntity, key);
  }

  private recordAction(
    manager: EntityManager,
    principal: AdminPrincipal,
    action: string,
    agent: AgentEntity,
    skill: MarketplaceSkillEntity,
    gatewayId: string,
    summary: string,
    changes: Record<string, unknown>,
  ): Promise<void> {
    return this.activity.record(manager, {
      actor: actorOf(principal),
      action,
      organizationId: skill.organizationId,
      target: { type: 'marketplace_skill', id: skill.id },
      boardId: agent.boardId,
      summary,
      changes: { slug: skill.slug, agent_id: agent.id, gateway_id: gatewayId, openclaw_agent_id: agent.openclawAgentId, ...changes },
    });
  }
}
