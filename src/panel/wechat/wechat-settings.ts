import { Injectable } from '@nestjs/common';
import { PanelSettingsService } from '../admin-config/panel-settings.service';

export const WECHAT_SECTION = 'wechat';

/** The panel's WeChat settings (admin-config section `wechat`). */
export interface WechatSettings {
  /** Whether the panel watches the bridge and sends through it; received messages are logged either way. */
  enabled: boolean;
  /** Kept for the panel UI (the old panel's switch); this service does not answer WeChat messages by itself. */
  autoReply: boolean;
  /** Where browsers reach wechatbot-webhook (e.g. `http://my-host:3002`) for its QR login page; null: derived. */
  loginPublicUrl: string | null;
}

export const WECHAT_DEFAULTS: WechatSettings = { enabled: true, autoReply: false, loginPublicUrl: null };

const isHttpUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\/[^\s/]+/i.test(value);

/** Stored values are read defensively: the section can also be written whole through `/api/admin/config/wechat`. */
export function coerceWechatSettings(raw: Record<string, unknown>): WechatSettings {
  return {
    enabled: typeof raw.enabled === 'boolean' ? raw.enabled : WECHAT_DEFAULTS.enabled,
    autoReply: typeof raw.autoReply === 'boolean' ? raw.autoReply : WECHAT_DEFAULTS.autoReply,
    loginPublicUrl: isHttpUrl(raw.loginPublicUrl) ? raw.loginPublicUrl.replace(/\/+$/, '') : null,
  };
}

@Injectable()
export class WechatSettingsStore {
  constructor(private readonly settings: PanelSettingsService) {}

  async read(): Promise<WechatSettings> {
    return coerceWechatSettings(await this.raw());
  }

  /** Merges `patch` over what is stored (keys this section does not know are kept as they were). */
  async update(patch: Partial<WechatSettings>): Promise<WechatSettings> {
    const next = { ...(await this.raw()), ...patch };
    await this.settings.set(WECHAT_SECTION, next);
    return coerceWechatSettings(next);
  }

  /** Called on every instance whenever the section changes (here or through `/api/admin/config`). */
  onChange(listener: (settings: WechatSettings) => void): () => void {
    return this.settings.onChange(WECHAT_SECTION, (value) => listener(coerceWechatSettings(value as Record<string, unknown>)));
  }

  private raw(): Promise<Record<string, unknown>> {
    return this.settings.get<Record<string, unknown>>(WECHAT_SECTION, { ...WECHAT_DEFAULTS });
  }
}
