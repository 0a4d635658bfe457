import { readFile } from 'node:fs/promises';
import { cpus, freemem, hostname, loadavg, release, totalmem, uptime, userInfo } from 'node:os';
import { join } from 'node:path';
import { BadGatewayException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { PanelEventsService } from '../events/panel-events.service';
import { OpenClawConfigStore } from '../openclaw/openclaw-config.store';
import { CheckUpdateDto, SystemEnvDto, SystemVersionDto, VersionSource } from './dto/system.dto';
import { readJsonFile, writeFileAtomic } from '../files/atomic-file';
import { withPanelGateway } from './gateway/panel-gateway';
import { firstLineOf, NOT_INSTALLED } from './programs';
import { compareVersions, extractVersion } from './versions';

/** Programs whose versions GET /api/system/env reports (name → command). */
const PROGRAMS: Record<string, [string, string[]]> = {
  npm: ['npm', ['--version']],
  git: ['git', ['--version']],
  docker: ['docker', ['--version']],
  openclaw: ['openclaw', ['--version']],
  bun: ['bun', ['--version']],
  python: ['python3', ['--version']],
};
const SOFTWARE_CACHE_MS = 30_000;
export const UPDATE_CHECK_FRESH_MS = 10 * 60_000;
const REGISTRY_TIMEOUT_MS = 10_000;

interface UpdateCheck {
  checkedAt: string;
  latestVersion: string;
  registry: string;
}

export interface CurrentVersion {
  version: string;
  source: VersionSource;
}

/** Environment, OpenClaw version and update check (`/api/system/env`, `version`, `check-update`). */
@Injectable()
export class SystemInfoService {
  private readonly logger = new Logger(SystemInfoService.name);
  private software?: { at: number; values: Promise<Record<string, string>> };

  constructor(
    private readonly config: AppConfig,
    private readonly events: PanelEventsService,
    private readonly openclawConfig: OpenClawConfigStore,
  ) {}

  private get updateCheckPath(): string {
    return join(this.config.dataDir, 'panel', 'openclaw-update-check.json');
  }

  async environment(): Promise<SystemEnvDto> {
    const cpuList = cpus();
    let user = '';
    try {
      user = userInfo().username;
    } catch {
      // no passwd entry for this uid (some containers)
    }
    return {
      ok: true,
      os: {
        platform: process.platform,
        arch: process.arch,
        hostname: hostname(),
        distro: await distroName(),
        release: release(),
        totalMemMB: Math.round(totalmem() / 1024 / 1024),
        freeMemMB: Math.round(freemem() / 1024 / 1024),
        cpus: cpuList.length,
        cpuModel: cpuList[0]?.model?.trim() ?? '',
        uptime: Math.round(uptime()),
        userInfo: user,
        loadAvg: loadavg().map((value) => value.toFixed(2)).join(', '),
      },
      software: await this.softwareVersions(),
      runtime: {
        pid: process.pid,
        nodeVersion: process.version,
        uptime: Math.round(process.uptime()),
        memoryMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
        cwd: process.cwd(),
      },
    };
  }

  /** Found on PATH, asked in parallel, remembered for 30 s (npm alone takes half a second). */
  private softwareVersions(): Promise<Record<string, string>> {
    if (this.software && Date.now() - this.software.at < SOFTWARE_CACHE_MS) return this.software.values;
    const values = (async () => {
      const entries = await Promise.all(
        Object.entries(PROGRAMS).map(async ([name, [program, args]]) => [name, (await firstLineOf(program, args)) ?? NOT_INSTALLED] as const),
      );
      return { node: process.version, ...Object.fromEntries(entries) };
    })();
    this.software = { at: Date.now(), values };
    return values;
  }

  /** The running gateway's version, else the CLI's on PATH, else the one that last wrote openclaw.json, else unknown. */
  async currentVersion(): Promise<CurrentVersion> {
    try {
      const version = await withPanelGateway(this.config.panel.gateway, async (_gateway, hello) => hello.serverVersion);
      if (version && version !== 'unknown') return { version, source: 'gateway' };
    } catch {
      // no gateway there: ask the CLI
    }
    const printed = await firstLineOf('openclaw', ['--version']);
    const version = printed ? extractVersion(printed) : undefined;
    if (version) return { version, source: 'cli' };
    const stamped = await this.lastTouchedVersion();
    if (stamped) return { version: stamped, source: 'config' };
    return { version: 'unknown', source: 'unknown' };
  }

  /** OpenClaw stamps its config writes with `meta.lastTouchedVersion`. */
  private async lastTouchedVersion(): Promise<string | undefined> {
    try {
      const meta = (await this.openclawConfig.read()).meta;
      const stamped = meta && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>).lastTouchedVersion : undefined;
      return typeof stamped === 'string' && extractVersion(stamped) ? stamped : undefined;
    } catch {
      return undefined;
    }
  }

  async version(): Promise<SystemVersionDto> {
    const [current, check] = await Promise.all([this.currentVersion(), this.readUpdateCheck()]);
    return {
      ok: true,
      currentVersion: current.version,
      source: current.source,
      latestVersion: check?.latestVersion ?? '',
      lastCheckedAt: check?.checkedAt ?? '',
      updateAvailable: check ? isNewer(check.latestVersion, current.version) : false,
    };
  }

  /** The `latest` version of the npm package openclaw; the answer is cached for 10 minutes (force: ask anyway). */
  async checkUpdate(force = false): Promise<CheckUpdateDto> {
    const [current, stored] = await Promise.all([this.currentVersion(), this.readUpdateCheck()]);
    const fresh = stored && stored.registry === this.config.panel.npmRegistryUrl && Date.now() - Date.parse(stored.checkedAt) < UPDATE_CHECK_FRESH_MS;
    const check = !force && fresh ? stored : await this.askRegistry();
    const updateAvailable = isNewer(check.latestVersion, current.version);
    if (check !== stored) {
      await this.events.record({
        source: 'system',
        type: 'system.update.check',
        summary: `Checked for OpenClaw updates: latest ${check.latestVersion}, installed ${current.version}${updateAvailable ? ' (update available)' : ''}`,
      });
    }
    return { ok: true, currentVersion: current.version, latestVersion: check.latestVersion, updateAvailable, checkedAt: check.checkedAt, cached: check === stored };
  }

  /** What do-update installs when no version is given: the last version check-update found, else "latest". */
  async defaultUpdateVersion(): Promise<string> {
    return (await this.readUpdateCheck())?.latestVersion ?? 'latest';
  }

  private async askRegistry(): Promise<UpdateCheck> {
    const registry = this.config.panel.npmRegistryUrl;
    let response: Response;
    try {
      response = await fetch(`${registry}/openclaw/latest`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS) });
    } catch (error) {
      throw new ServiceUnavailableException({ detail: `Cannot reach the npm registry (${registry}): ${networkReason(error)}` });
    }
    if (!response.ok) throw new BadGatewayException({ detail: `The npm registry (${registry}) answered HTTP ${response.status} for openclaw` });
    const body = (await response.json().catch(() => undefined)) as { version?: unknown } | undefined;
    if (typeof body?.version !== 'string' || !extractVersion(body.version)) {
      throw new BadGatewayException({ detail: `The npm registry (${registry}) did not name a version of openclaw` });
    }
    const check: UpdateCheck = { checkedAt: new Date().toISOString(), latestVersion: body.version, registry };
    await writeFileAtomic(this.updateCheckPath, `${JSON.stringify(check, null, 2)}\n`, { mkdirParents: true }).catch((error: Error) =>
      this.logger.warn(`could not cache the update check: ${error.message}`),
    );
    return check;
  }

  private async readUpdateCheck(): Promise<UpdateCheck | undefined> {
    try {
      const stored = await readJsonFile<UpdateCheck>(this.updateCheckPath);
      return typeof stored?.latestVersion === 'string' && typeof stored.checkedAt === 'string' ? stored : undefined;
    } catch {
      return undefined;
    }
  }
}

/** True when `latest` is newer than `current`; an unknown installed version counts as installable. */
export function isNewer(latest: string, current: string): boolean {
  if (!latest) return false;
  if (current === 'unknown') return true;
  return (compareVersions(latest, current) ?? (latest === current ? 0 : 1)) > 0;
}

async function distroName(): Promise<string> {
  try {
    const text = await readFile('/etc/os-release', 'utf8');
    return /^PRETTY_NAME=(.*)$/m.exec(text)?.[1]?.trim().replace(/^["']|["']$/g, '') ?? '';
  } catch {
    return '';
  }
}

/** The useful part of a fetch failure (`connect ECONNREFUSED 127.0.0.1:9`, `timed out`…). */
export function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  const cause = (error as { cause?: { message?: string; code?: string } })?.cause;
  return cause?.message || cause?.code || (error instanceof Error ? error.message : String(error));
}
