import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Leadership } from '../../core/realtime/leadership';
import { WechatWebhookClient, WechatWebhookError } from '../../integrations/wechat-webhook';
import { PanelEventsService } from '../events/panel-events.service';
import { BRIDGE_REPORTER_ROLE, PanelRealtime } from '../realtime/panel-realtime';
import { WechatSettingsStore } from './wechat-settings';

/** The WeChat part of `/api/status` and of `wechat-status` frames. */
export interface WechatStatusSnapshot {
  /** wechatbot-webhook answered with our token. */
  connected: boolean;
  /** A WeChat account is logged in (`/healthz` says `healthy`). */
  loggedIn: boolean;
  /** The account's nickname, while logged in. */
  name?: string;
}

export const WECHAT_POLL_INTERVAL_MS = 10_000;

const DISCONNECTED: WechatStatusSnapshot = { connected: false, loggedIn: false };

function sameStatus(a: WechatStatusSnapshot, b: WechatStatusSnapshot): boolean {
  return a.connected === b.connected && a.loggedIn === b.loggedIn && a.name === b.name;
}

/**
 * Watches wechatbot-webhook: polls `/healthz` (and `/login` for the nickname) every 10 s, right after sends and when
 * the bridge reports a login or logout; each change is pushed on `/ws` as `wechat-status` and logged.
 * A bridge that is absent is only reported as disconnected: it never blocks or fails the service.
 */
@Injectable()
export class WechatBridgeStatus implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WechatBridge');
  private current: WechatStatusSnapshot = { ...DISCONNECTED };
  private problem?: string;
  private enabled = true;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<WechatStatusSnapshot>;
  private queued?: Promise<WechatStatusSnapshot>;
  private stopped = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly client: WechatWebhookClient,
    private readonly settings: WechatSettingsStore,
    private readonly realtime: PanelRealtime,
    private readonly events: PanelEventsService,
    private readonly leadership: Leadership,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.leadership.claim(BRIDGE_REPORTER_ROLE);
    this.unsubscribe = this.settings.onChange((settings) => this.setEnabled(settings.enabled));
    try {
      this.enabled = (await this.settings.read()).enabled;
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not read the WeChat settings; watching the bridge anyway');
    }
    this.timer = setInterval(() => void this.refresh(), WECHAT_POLL_INTERVAL_MS);
    this.timer.unref();
    void this.refresh();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /** What the panel last knew, without asking the bridge. */
  snapshot(): WechatStatusSnapshot {
    return { ...this.current };
  }

  /** Why the bridge counts as disconnected, when it does. */
  get lastError(): string | undefined {
    return this.current.connected ? undefined : this.problem;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /**
   * Asks the bridge now. One check runs at a time; a call made during a check waits for the next one (shared by
   * every caller that arrives meanwhile), so its answer always reflects the bridge after the call was made.
   */
  refresh(): Promise<WechatStatusSnapshot> {
    if (this.queued) return this.queued;
    if (this.inFlight) {
      this.queued = this.inFlight.then(() => {
        this.queued = undefined;
        return this.startCheck();
      });
      return this.queued;
    }
    return this.startCheck();
  }

  private startCheck(): Promise<WechatStatusSnapshot> {
    const check: Promise<WechatStatusSnapshot> = this.check()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'WeChat bridge check failed');
        return this.snapshot();
      })
      .finally(() => {
        if (this.inFlight === check) this.inFlight = undefined;
      });
    this.inFlight = check;
    return check;
  }

  private async check(): Promise<WechatStatusSnapshot> {
    if (this.stopped) return this.snapshot();
    let next: WechatStatusSnapshot;
    let problem: string | undefined;
    if (!this.enabled) {
      next = { ...DISCONNECTED };
      problem = 'WeChat is disabled in the panel settings';
    } else {
      try {
        const loggedIn = await this.client.health();
        next = { connected: true, loggedIn };
        if (loggedIn) {
          const name = await this.client.loginState().then(
            (state) => state.name,
            () => this.current.name,
          );
          if (name) next.name = name;
        }
      } catch (error) {
        next = { ...DISCONNECTED };
        problem = error instanceof WechatWebhookError ? error.message : 'wechatbot-webhook could not be checked';
        if (!(error instanceof WechatWebhookError)) this.logger.warn({ err: error }, 'WeChat bridge check failed');
      }
    }
    if (this.stopped) return this.snapshot();
    this.apply(next, problem);
    return this.snapshot();
  }

  private apply(next: WechatStatusSnapshot, problem: string | undefined): void {
    const previous = this.current;
    this.current = next;
    this.problem = problem;
    if (sameStatus(previous, next) || !this.leadership.isLeader(BRIDGE_REPORTER_ROLE)) return;
    this.realtime.broadcast('wechat-status', this.snapshot());
    this.events
      .record({ source: 'wechat', type: 'wechat.status', summary: describe(next, problem) })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Could not log a WeChat status change'));
  }

  private setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    void this.refresh();
  }
}

function describe(status: WechatStatusSnapshot, problem: string | undefined): string {
  if (!status.connected) return `[WeChat] bridge disconnected${problem ? `: ${problem}` : ''}`;
  if (!status.loggedIn) return '[WeChat] bridge connected, no account logged in (scan the QR code of the login page)';
  return `[WeChat] bridge connected, logged in${status.name ? ` as ${status.name}` : ''}`;
}
