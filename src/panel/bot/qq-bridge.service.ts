import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { Leadership } from '../../core/realtime/leadership';
import { OneBotClient, OneBotEvent } from '../../integrations/onebot';
import { PanelEventsService } from '../events/panel-events.service';
import { BRIDGE_REPORTER_ROLE, PanelRealtime } from '../realtime/panel-realtime';
import { describeQqEvent } from './qq-event-log';
import { QqBridgeSnapshot, QqBridgeStatus } from './qq-bridge-status';

export type QqEventListener = (event: OneBotEvent) => void | Promise<void>;

/** Notices after which the group / friend counts are read again. */
const COUNT_CHANGES = new Set(['group_increase', 'group_decrease', 'friend_add']);
const IDENTITY_TIMEOUT_MS = 5_000;

/**
 * The panel's own OneBot 11 connection to NapCat: kept up with back-off from start to shutdown (an absent NapCat
 * never stops the app), its state pushed as `napcat-status`, every event (but heartbeats) pushed as `event` and
 * QQ traffic written to the activity log; other sections listen through `onEvent`.
 */
@Injectable()
export class QqBridgeService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('QqBridge');
  readonly client: OneBotClient;
  private readonly listeners = new Set<QqEventListener>();
  private closing = false;
  /** Status and log work under way, waited for at shutdown (before the database goes). */
  private readonly inflight = new Set<Promise<unknown>>();
  private delivery: Promise<void> = Promise.resolve();

  constructor(
    config: AppConfig,
    private readonly status: QqBridgeStatus,
    private readonly realtime: PanelRealtime,
    private readonly events: PanelEventsService,
    private readonly leadership: Leadership,
  ) {
    this.client = new OneBotClient({ url: config.panel.onebot.url, accessToken: config.panel.onebot.accessToken, logger: this.logger });
    this.client.on('connected', () => this.track(this.onConnected()));
    this.client.on('disconnected', (reason) => this.track(this.onDisconnected(reason)));
    this.client.on('event', (event) => this.dispatch(event));
    this.client.on('error', (error) => this.logger.warn(error.message));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.leadership.claim(BRIDGE_REPORTER_ROLE);
    this.client.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.client.close();
    await Promise.allSettled([...this.inflight]);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Returns the function that stops listening. */
  subscribe(listener: QqEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops the OneBot connection and dials again now. */
  reconnect(): void {
    this.client.reconnect();
  }

  /** Group / friend counts as the panel last saw them (the bot routes report fresh lists here). */
  noteCounts(counts: { groupCount?: number; friendCount?: number }): void {
    if (this.client.connected) this.status.update(counts);
  }

  private async onConnected(): Promise<void> {
    await this.readIdentity();
    if (!this.client.connected || this.closing || !this.reports()) return;
    const snapshot = this.status.snapshot();
    this.realtime.broadcast('napcat-status', snapshot);
    const who = snapshot.selfId ? ` as ${snapshot.nickname ?? ''} (${snapshot.selfId})` : '';
    await this.record({ type: 'qq.connected', summary: `Connected to NapCat OneBot at ${this.client.url}${who}` });
  }

  private async onDisconnected(reason: string): Promise<void> {
    const snapshot = this.status.reset();
    if (this.closing || !this.reports()) return;
    this.realtime.broadcast('napcat-status', snapshot);
    await this.record({ type: 'qq.disconnected', summary: `NapCat OneBot connection lost (${reason}); reconnecting` });
  }

  private async readIdentity(): Promise<QqBridgeSnapshot> {
    const [info, groups, friends] = await Promise.allSettled([
      this.client.call<{ user_id: number; nickname: string }>('get_login_info', {}, { timeoutMs: IDENTITY_TIMEOUT_MS }),
      this.client.call<unknown[]>('get_group_list', {}, { timeoutMs: IDENTITY_TIMEOUT_MS }),
      this.client.call<unknown[]>('get_friend_list', {}, { timeoutMs: IDENTITY_TIMEOUT_MS }),
    ]);
    if (!this.client.connected) return this.status.snapshot();
    return this.status.update({
      connected: true,
      ...(info.status === 'fulfilled' && info.value ? { selfId: Number(info.value.user_id), nickname: info.value.nickname } : {}),
      groupCount: groups.status === 'fulfilled' && Array.isArray(groups.value) ? groups.value.length : 0,
      friendCount: friends.status === 'fulfilled' && Array.isArray(friends.value) ? friends.value.length : 0,
    });
  }

  private dispatch(event: OneBotEvent): void {
    if (event.post_type === 'meta_event' && event.meta_event_type === 'heartbeat') return;
    if (this.reports()) {
      this.realtime.broadcast('event', event);
      const line = this.closing ? undefined : describeQqEvent(event);
      if (line) this.track(this.record(line));
    }
    if (this.closing) return;
    if (event.post_type === 'notice' && COUNT_CHANGES.has(String(event.notice_type))) this.track(this.readIdentity());
    // one event after another, so that what listeners store keeps the order NapCat sent it in
    for (const listener of this.listeners) {
      this.delivery = this.delivery.then(() => listener(event)).catch((error: unknown) => this.logger.warn({ err: error }, 'A QQ event listener failed'));
      this.track(this.delivery);
    }
  }

  /** Every instance keeps its own connection (routes and status work everywhere); one reports, so nothing shows twice. */
  private reports(): boolean {
    return this.leadership.isLeader(BRIDGE_REPORTER_ROLE);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.logger.warn({ err: error }, 'QQ bridge work failed')).finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private async record(line: { type: string; summary: string; detail?: string }): Promise<void> {
    if (this.closing) return;
    try {
      await this.events.record({ source: 'qq', ...line });
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not write a QQ activity-log entry');
    }
  }
}
