import {
  BadGatewayException,
  ConflictException,
  HttpException,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { WechatSendResult, WechatWebhookClient, WechatWebhookError } from '../../integrations/wechat-webhook';
import { PanelEventsService } from '../events/panel-events.service';
import { PanelRealtime } from '../realtime/panel-realtime';
import {
  UpdateWechatConfigDto,
  WechatConfigAnswerDto,
  WechatLoginUrlDto,
  WechatSendAnswerDto,
  WechatSendDto,
  WechatSendFileDto,
  WechatStatusDto,
} from './dto/wechat.dto';
import { WechatBridgeStatus } from './wechat-bridge-status';
import { describeWechatEvent, parseWechatCallback, ReceivedFilePart } from './wechat-callback';
import { WechatSettings, WechatSettingsStore } from './wechat-settings';

export const WECHAT_CALLBACK_PATH = '/api/wechat/callback';

/** How the panel was reached, for URLs handed back to the browser. */
export interface RequestOrigin {
  protocol: string;
  /** `Host` header: host[:port] */
  host?: string;
  hostname?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);
const detailOf = (error: HttpException) => (error.getResponse() as { detail?: string }).detail ?? error.message;
const clip = (value: string, length: number) => (value.length > length ? `${value.slice(0, length)}…` : value);

/** WeChat through wechatbot-webhook: status, login page, sends, settings, and the messages it posts back. */
@Injectable()
export class WechatService {
  private readonly logger = new Logger('WechatService');

  constructor(
    private readonly config: AppConfig,
    private readonly client: WechatWebhookClient,
    private readonly bridge: WechatBridgeStatus,
    private readonly settings: WechatSettingsStore,
    private readonly events: PanelEventsService,
    private readonly realtime: PanelRealtime,
  ) {}

  /** Asks the bridge now (so the answer is live) and answers what it said. */
  async status(): Promise<WechatStatusDto> {
    const snapshot = await this.bridge.refresh();
    const error = this.bridge.lastError;
    return { ok: true, ...snapshot, enabled: this.bridge.isEnabled, ...(error ? { error } : {}) };
  }

  async loginUrl(origin: RequestOrigin): Promise<WechatLoginUrlDto> {
    const { loginPublicUrl } = await this.settings.read();
    const externalUrl = this.client.loginUrl(loginPublicUrl ?? this.browserBase(origin));
    return { ok: true, url: externalUrl, externalUrl, internalUrl: this.client.loginUrl() };
  }

  async sendText(dto: WechatSendDto): Promise<WechatSendAnswerDto> {
    const target = { to: dto.to, isRoom: dto.isRoom ?? false };
    const result = await this.deliver('wechat.send', `${this.targetLabel(target)}: ${clip(dto.content, 200)}`, dto.content, () =>
      this.client.sendText(target, dto.content),
    );
    return { ok: true, result };
  }

  async sendFile(dto: WechatSendFileDto): Promise<WechatSendAnswerDto> {
    const target = { to: dto.to, isRoom: dto.isRoom ?? false };
    const result = await this.deliver('wechat.send-file', `${this.targetLabel(target)}: file ${clip(dto.fileUrl, 300)}`, dto.fileUrl, () =>
      this.client.sendFileUrl(target, dto.fileUrl),
    );
    return { ok: true, result };
  }

  async getConfig(origin: RequestOrigin): Promise<WechatConfigAnswerDto> {
    return { ok: true, config: await this.settings.read(), bridge: this.bridgeInfo(origin) };
  }

  async updateConfig(dto: UpdateWechatConfigDto, origin: RequestOrigin): Promise<WechatConfigAnswerDto> {
    const patch: Partial<WechatSettings> = {};
    if (dto.enabled !== undefined) patch.enabled = dto.enabled;
    if (dto.autoReply !== undefined) patch.autoReply = dto.autoReply;
    if (dto.loginPublicUrl !== undefined) patch.loginPublicUrl = dto.loginPublicUrl === null ? null : dto.loginPublicUrl.replace(/\/+$/, '');
    const config = await this.settings.update(patch);
    await this.events.record({
      source: 'system',
      type: 'config.update',
      summary: `WeChat settings saved (${Object.keys(patch).join(', ') || 'no change'})`,
      detail: JSON.stringify(config),
    });
    return { ok: true, config, bridge: this.bridgeInfo(origin) };
  }

  /** A message (or login/logout event) wechatbot-webhook received: logged, and pushed on `/ws` as `wechat-event`. */
  async receive(form: unknown, files: ReceivedFilePart[]): Promise<void> {
    const event = parseWechatCallback(form, files);
    this.realtime.broadcast('wechat-event', event);
    const line = describeWechatEvent(event);
    await this.events.record({ source: 'wechat', ...line });
    if (event.type === 'system_event_login' || event.type === 'system_event_logout') void this.bridge.refresh();
  }

  private async deliver(type: string, what: string, content: string, send: () => Promise<WechatSendResult>): Promise<WechatSendResult> {
    if (!this.bridge.isEnabled) {
      throw new ConflictException({ detail: 'WeChat is disabled in the panel settings (PUT /api/wechat/config {"enabled": true})' });
    }
    let result: WechatSendResult;
    try {
      result = await send();
    } catch (error) {
      const failure = this.sendFailure(error);
      await this.log(`${type}.failed`, `[WeChat] could not send to ${what}`, `${detailOf(failure)}\n\n${content}`);
      throw failure;
    } finally {
      void this.bridge.refresh();
    }
    if (!result.success) {
      const failure = this.refusal(result);
      await this.log(`${type}.failed`, `[WeChat] could not send to ${what}`, `${detailOf(failure)}\n\n${content}`);
      throw failure;
    }
    await this.log(type, `[WeChat] sent to ${what}`, result.task?.failedCount ? `${result.message}\n\n${content}` : content);
    return result;
  }

  private sendFailure(error: unknown): HttpException {
    if (!(error instanceof WechatWebhookError)) {
      this.logger.error({ err: error }, 'WeChat send failed');
      return new BadGatewayException({ detail: 'WeChat send failed' });
    }
    switch (error.kind) {
      case 'unreachable':
      case 'timeout':
        return new ServiceUnavailableException({ detail: `WeChat is not connected: ${error.message}` });
      case 'not-logged-in':
        return new ConflictException({ detail: `${error.message} (GET /api/wechat/login-url)` });
      default:
        return new BadGatewayException({ detail: error.message });
    }
  }

  /** The bridge answered `success: false`: say which part of its task failed. */
  private refusal(result: WechatSendResult): HttpException {
    const task = result.task;
    if (task?.reject.length) return new UnprocessableEntityException({ detail: `wechatbot-webhook refused the message: ${this.reason(task.reject[0]) ?? result.message}` });
    if (task?.notFound.length) return new NotFoundException({ detail: `WeChat: ${this.reason(task.notFound[0]) ?? 'receiver is not found'}` });
    return new BadGatewayException({ detail: `WeChat did not deliver the message: ${result.message || 'no reason given'}` });
  }

  private reason(item: unknown): string | undefined {
    if (typeof item !== 'object' || item === null) return undefined;
    const { error, to } = item as { error?: unknown; to?: unknown };
    if (typeof error !== 'string') return undefined;
    return typeof to === 'string' ? `${error} (${clip(to, 100)})` : error;
  }

  private async log(type: string, summary: string, detail?: string): Promise<void> {
    try {
      await this.events.record({ source: 'wechat', type, summary, ...(detail ? { detail } : {}) });
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not log a WeChat send');
    }
  }

  private targetLabel(target: { to: string; isRoom: boolean }): string {
    return `${target.isRoom ? 'group ' : ''}${clip(target.to, 100)}`;
  }

  private bridgeInfo(origin: RequestOrigin) {
    const base = this.config.publicUrl ?? `${origin.protocol}://${origin.host ?? `127.0.0.1:${this.config.port}`}`;
    return {
      url: this.client.baseUrl,
      tokenConfigured: this.client.hasToken,
      callbackUrl: `${base}${WECHAT_CALLBACK_PATH}?secret=${encodeURIComponent(this.config.panel.wechat.callbackSecret)}`,
    };
  }

  /**
   * WECHAT_WEBHOOK_URL as a browser reaches it: when it names this machine's loopback and the panel was opened on
   * another host name, the bridge is taken to be published on that host (same port), as in the panel's Docker setup.
   */
  private browserBase(origin: RequestOrigin): string {
    const url = new URL(this.client.baseUrl);
    const hostname = origin.hostname?.replace(/^\[|\]$/g, '');
    if (LOOPBACK.has(url.hostname) && hostname && !LOOPBACK.has(hostname)) {
      url.hostname = hostname.includes(':') ? `[${hostname}]` : hostname;
    }
    return url.toString().replace(/\/+$/, '');
  }
}
