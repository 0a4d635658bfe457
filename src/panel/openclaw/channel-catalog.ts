import { isRecord, JsonObject } from './openclaw-json';

export type ChannelType = 'builtin' | 'plugin';

export interface EnabledChannel {
  id: string;
  label: string;
  type: ChannelType;
}

/** The channels the ClawPanel web client lists, with the labels and kinds it shows. */
const CATALOG: Record<string, { label: string; type: ChannelType }> = {
  qq: { label: 'QQ (NapCat)', type: 'builtin' },
  wechat: { label: '微信', type: 'builtin' },
  whatsapp: { label: 'WhatsApp', type: 'builtin' },
  telegram: { label: 'Telegram', type: 'builtin' },
  discord: { label: 'Discord', type: 'builtin' },
  irc: { label: 'IRC', type: 'builtin' },
  slack: { label: 'Slack', type: 'builtin' },
  signal: { label: 'Signal', type: 'builtin' },
  googlechat: { label: 'Google Chat', type: 'builtin' },
  bluebubbles: { label: 'BlueBubbles', type: 'builtin' },
  webchat: { label: 'WebChat', type: 'builtin' },
  feishu: { label: '飞书 / Lark', type: 'plugin' },
  qqbot: { label: 'QQ 官方机器人', type: 'plugin' },
  dingtalk: { label: '钉钉', type: 'plugin' },
  wecom: { label: '企业微信', type: 'plugin' },
  msteams: { label: 'Microsoft Teams', type: 'plugin' },
  mattermost: { label: 'Mattermost', type: 'plugin' },
  line: { label: 'LINE', type: 'plugin' },
  matrix: { label: 'Matrix', type: 'plugin' },
  twitch: { label: 'Twitch', type: 'plugin' },
};

/**
 * Channels the panel keeps out of `openclaw.json`: WeChat is bridged by the panel itself (wechatbot-webhook,
 * `/api/wechat/*`), and in OpenClaw `wechat` names Tencent's openclaw-weixin plugin, a different thing.
 */
export const PANEL_MANAGED_CHANNELS = new Set(['wechat']);

export function channelLabel(id: string): string {
  return CATALOG[id]?.label ?? id;
}

/**
 * Enabled channels as the dashboard shows them: every `channels.<id>` with `enabled: true`, then channels whose
 * plugin is enabled under `plugins.entries` (ids the catalogue knows as channels, or that have a `channels` entry).
 */
export function enabledChannels(config: JsonObject): EnabledChannel[] {
  const channels = isRecord(config.channels) ? config.channels : {};
  const plugins = isRecord(config.plugins) && isRecord(config.plugins.entries) ? config.plugins.entries : {};
  const result: EnabledChannel[] = [];
  for (const [id, value] of Object.entries(channels)) {
    if (isRecord(value) && value.enabled === true) result.push({ id, label: channelLabel(id), type: CATALOG[id]?.type ?? 'builtin' });
  }
  for (const [id, value] of Object.entries(plugins)) {
    const isChannel = Boolean(CATALOG[id]) || Object.hasOwn(channels, id);
    if (!isChannel || result.some((channel) => channel.id === id)) continue;
    if (isRecord(value) && value.enabled === true) result.push({ id, label: channelLabel(id), type: CATALOG[id]?.type ?? 'plugin' });
  }
  return result;
}
