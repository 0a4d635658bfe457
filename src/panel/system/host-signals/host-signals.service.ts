import { constants, publicEncrypt } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictException, Injectable, InternalServerErrorException, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { PanelSettingsService } from '../../admin-config/panel-settings.service';
import { PanelEventsService } from '../../events/panel-events.service';
import { SignalRequestedDto, SignalStatusDto, UpdateRequestedDto, WatcherInfoDto } from '../dto/system.dto';
import { writeFileAtomic } from '../../files/atomic-file';
import {
  newSignalId,
  SIGNAL_FILE_PATTERN,
  SIGNAL_FORMAT,
  SignalAction,
  signalFileName,
  SignalFileKind,
  SignalRequest,
  signalsDir,
  SignalStatusFile,
  WATCHER_ALIVE_MS,
  WATCHER_FILE,
  WatcherHeartbeat,
} from './signal-files';

export const SUDO_PASSWORD_SECRET = 'system.sudoPassword';

/** A request that is neither finished nor older than this is in the way of a new update. */
const UPDATE_STALE_MS = 30 * 60_000;
/** How long this instance keeps watching a request it made, to log its outcome. */
const TRACK_MS = 30 * 60_000;
const TRACK_INTERVAL_MS = 1_000;
const EVENT_LOG_LINES = 30;

const LABEL: Record<SignalAction, string> = { 'restart-gateway': 'Gateway restart', 'update-openclaw': 'OpenClaw update' };

interface LatestRequest {
  id: string;
  action: SignalAction;
  kinds: Set<SignalFileKind>;
}

/**
 * Asks the host to act (restart the OpenClaw gateway, update the openclaw package) through signal
 * files that `scripts/host-watcher.mjs` answers, and reads its answers back.
 */
@Injectable()
export class HostSignalsService implements OnModuleDestroy {
  private readonly logger = new Logger(HostSignalsService.name);
  readonly dir: string;
  private readonly tracked = new Map<string, { action: SignalAction; since: number }>();
  private timer?: NodeJS.Timeout;
  private checking = false;
  /** Requests are decided one at a time, so that two at once cannot both pass the "already waiting" checks. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    config: AppConfig,
    private readonly events: PanelEventsService,
    private readonly settings: PanelSettingsService,
  ) {
    this.dir = signalsDir(config.panel.openclawHome);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** For other panel sections (toggle-channel…): one restart request, merged into a waiting one. */
  async requestGatewayRestart(reason: string): Promise<{ requestId: string }> {
    const { requestId } = await this.restartGateway(reason);
    return { requestId };
  }

  restartGateway(reason: string): Promise<SignalRequestedDto> {
    return this.exclusive(() => this.restartGatewayNow(reason));
  }

  requestUpdate(version: string): Promise<UpdateRequestedDto> {
    return this.exclusive(() => this.requestUpdateNow(version));
  }

  private async restartGatewayNow(reason: string): Promise<SignalRequestedDto> {
    const watcher = await this.watcherInfo();
    const latest = await this.latest('restart-gateway');
    if (latest && latest.kinds.has('request') && !latest.kinds.has('status')) {
      return { ok: true, message: 'A gateway restart is already waiting for the host watcher', requestId: latest.id, created: false, watcher: publicWatcher(watcher) };
    }
    const request = await this.write('restart-gateway', { reason: reason.slice(0, 500) });
    await this.events.record({
      source: 'system',
      type: 'system.gateway-restart.requested',
      summary: `Gateway restart requested: ${reason.slice(0, 200)}`,
      detail: watcher.alive ? `request ${request.id}` : `request ${request.id}; the host watcher is not running, so nothing will happen until it starts`,
    });
    return {
      ok: true,
      message: watcher.alive ? 'Gateway restart requested' : 'Gateway restart requested; the host watcher is not running (see README: host watcher)',
      requestId: request.id,
      created: true,
      watcher: publicWatcher(watcher),
    };
  }

  private async requestUpdateNow(version: string): Promise<UpdateRequestedDto> {
    const watcher = await this.watcherInfo();
    const current = await this.status('update-openclaw');
    if ((current.status === 'pending' || current.status === 'running') && Date.now() - Date.parse(current.requestedAt ?? '') < UPDATE_STALE_MS) {
      throw new ConflictException({ detail: `An OpenClaw update is already ${current.status} (request ${current.requestId})` });
    }
    const sealed = await this.sealSudoPassword(watcher.publicKey);
    const request = await this.write('update-openclaw', { version, ...(sealed ? { sudoPassword: sealed } : {}) });
    await this.events.record({
      source: 'system',
      type: 'system.update.requested',
      summary: `OpenClaw update to ${version} requested`,
      detail: `request ${request.id}${sealed ? '; sudo password sent sealed' : ''}${watcher.alive ? '' : '; the host watcher is not running'}`,
    });
    return {
      ok: true,
      message: watcher.alive ? 'Update requested' : 'Update requested; the host watcher is not running (see README: host watcher)',
      requestId: request.id,
      created: true,
      version,
      sudoPasswordSent: Boolean(sealed),
      watcher: publicWatcher(watcher),
    };
  }

  /** The newest request of `action` and how far the watcher got with it. */
  async status(action: SignalAction): Promise<SignalStatusDto> {
    const watcher = publicWatcher(await this.watcherInfo());
    const latest = await this.latest(action);
    if (!latest) return { ok: true, status: 'idle', log: [], watcher };
    const request = await this.readRequest(latest);
    const answer = latest.kinds.has('status') ? await this.readJson<SignalStatusFile>(signalFileName(latest.id, action, 'status')) : undefined;
    const base = {
      ok: true as const,
      requestId: latest.id,
      requestedAt: answer?.requestedAt ?? request?.requestedAt,
      params: publicParams(answer?.params ?? request?.params),
      watcher,
    };
    if (!answer) {
      const waiting = latest.kinds.has('claimed') ? 'The host watcher picked the request up' : 'Waiting for the host watcher to pick the request up';
      return { ...base, status: 'pending', log: [watcher.alive ? waiting : `${waiting} (the watcher is not running)`] };
    }
    const finished = answer.status === 'success' || answer.status === 'failed';
    const abandoned = !finished && !watcher.alive;
    return {
      ...base,
      status: finished ? answer.status : abandoned ? 'failed' : 'running',
      startedAt: answer.startedAt,
      finishedAt: answer.finishedAt,
      ...(typeof answer.exitCode === 'number' ? { exitCode: answer.exitCode } : {}),
      command: answer.command,
      output: answer.output ?? '',
      log: Array.isArray(answer.log) ? answer.log.filter((line): line is string => typeof line === 'string') : [],
      ...(answer.error ? { error: answer.error } : abandoned ? { error: 'the host watcher stopped (no heartbeat) while this was running' } : {}),
    };
  }

  async watcherInfo(): Promise<WatcherInfoDto & { publicKey?: string }> {
    const beat = await this.readJson<WatcherHeartbeat>(WATCHER_FILE).catch(() => undefined);
    const seen = beat?.lastSeenAt ? Date.parse(beat.lastSeenAt) : NaN;
    const alive = Number.isFinite(seen) && Date.now() - seen < WATCHER_ALIVE_MS;
    return {
      alive,
      ...(beat?.lastSeenAt ? { lastSeenAt: beat.lastSeenAt } : {}),
      ...(typeof beat?.hostname === 'string' ? { hostname: beat.hostname } : {}),
      ...(typeof beat?.pid === 'number' ? { pid: beat.pid } : {}),
      ...(alive && typeof beat?.publicKey === 'string' ? { publicKey: beat.publicKey } : {}),
    };
  }

  private async write(action: SignalAction, params: SignalRequest['params']): Promise<SignalRequest> {
    const request: SignalRequest = { format: SIGNAL_FORMAT, id: newSignalId(), action, requestedAt: new Date().toISOString(), params };
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(join(this.dir, signalFileName(request.id, action, 'request')), `${JSON.stringify(request, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      throw new InternalServerErrorException({ detail: `Cannot write the request for the host watcher into ${this.dir}: ${(error as Error).message}` });
    }
    this.track(request.id, action);
    return request;
  }

  /** The stored sudo password sealed for the running watcher, or nothing (no password, or no watcher key). */
  private async sealSudoPassword(publicKey: string | undefined): Promise<SignalRequest['params']['sudoPassword']> {
    if (!publicKey) return undefined;
    const password = await this.settings.getSecret(SUDO_PASSWORD_SECRET);
    if (!password) return undefined;
    try {
      const data = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(password, 'utf8'));
      return { alg: 'RSA-OAEP-256', data: data.toString('base64') };
    } catch (error) {
      this.logger.warn(`the host watcher published an unusable public key: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async latest(action: SignalAction): Promise<LatestRequest | undefined> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let latest: LatestRequest | undefined;
    for (const name of names) {
      const match = SIGNAL_FILE_PATTERN.exec(name);
      if (!match || match[2] !== action) continue;
      const [, id, , kind] = match;
      if (!latest || id > latest.id) latest = { id, action, kinds: new Set() };
      if (id === latest.id) latest.kinds.add(kind as SignalFileKind);
    }
    return latest;
  }

  private async readRequest(latest: LatestRequest): Promise<SignalRequest | undefined> {
    // the watcher may rename request → claimed between the listing and this read: try both
    for (const kind of ['request', 'claimed'] as const) {
      const found = await this.readJson<SignalRequest>(signalFileName(latest.id, latest.action, kind)).catch(() => undefined);
      if (found) return found;
    }
    return undefined;
  }

  private async readJson<T>(name: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, name), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private track(id: string, action: SignalAction): void {
    this.tracked.set(id, { action, since: Date.now() });
    if (!this.timer) {
      this.timer = setInterval(() => void this.checkTracked(), TRACK_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Logs the outcome of the requests this instance made, once the watcher has answered them. */
  private async checkTracked(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const [id, { action, since }] of this.tracked) {
        const answer = await this.readJson<SignalStatusFile>(signalFileName(id, action, 'status')).catch(() => undefined);
        const type = action === 'restart-gateway' ? 'system.gateway-restart' : 'system.update';
        if (answer?.status === 'success' || answer?.status === 'failed') {
          this.tracked.delete(id);
          const tail = (answer.log ?? []).slice(-EVENT_LOG_LINES).join('\n');
          await this.events.record({
            source: 'system',
            type: `${type}.${answer.status === 'success' ? 'succeeded' : 'failed'}`,
            summary: `${LABEL[action]} ${answer.status === 'success' ? 'succeeded' : `failed${answer.error ? `: ${answer.error}` : ''}`}`,
            detail: `request ${id}${typeof answer.exitCode === 'number' ? `, exit code ${answer.exitCode}` : ''}${tail ? `\n${tail}` : ''}`,
          });
        } else if (Date.now() - since > TRACK_MS) {
          this.tracked.delete(id);
          await this.events.record({ source: 'system', type: `${type}.unanswered`, summary: `${LABEL[action]}: no answer from the host watcher`, detail: `request ${id}` });
        }
      }
    } catch (error) {
      this.logger.warn(`checking host signal answers failed: ${(error as Error).message}`);
    } finally {
      this.checking = false;
      if (this.tracked.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    }
  }
}

function publicWatcher(info: WatcherInfoDto & { publicKey?: string }): WatcherInfoDto {
  const { publicKey: _key, ...rest } = info;
  return rest;
}

/** What a client may see of a request's parameters (never the sealed password). */
function publicParams(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const { sudoPassword: _sealed, ...rest } = params;
  return rest;
}
