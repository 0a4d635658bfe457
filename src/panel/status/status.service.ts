import { Injectable } from '@nestjs/common';
import { QqBridgeStatus } from '../bot/qq-bridge-status';
import { OpenClawConfigStore } from '../openclaw/openclaw-config.store';
import { WechatBridgeStatus } from '../wechat/wechat-bridge-status';
import { PanelStatusDto } from './dto/status.dto';

/** The dashboard's one read: the live state of the QQ and WeChat bridges, openclaw.json and this process. */
@Injectable()
export class StatusService {
  constructor(
    private readonly qq: QqBridgeStatus,
    private readonly wechat: WechatBridgeStatus,
    private readonly openclaw: OpenClawConfigStore,
  ) {}

  async status(): Promise<PanelStatusDto> {
    const wechat = this.wechat.snapshot();
    return {
      ok: true,
      napcat: this.qq.snapshot(),
      wechat: { connected: wechat.connected, loggedIn: wechat.loggedIn, ...(wechat.name ? { name: wechat.name } : {}) },
      openclaw: await this.openclaw.summary(),
      admin: { uptime: Math.round(process.uptime()), memoryMB: Math.round(process.memoryUsage().rss / (1024 * 1024)) },
    };
  }
}
