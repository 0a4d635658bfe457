import { Leadership } from '../../core/realtime/leadership';
import { WechatWebhookClient, WechatWebhookError } from '../../integrations/wechat-webhook';
import { PanelEventsService } from '../events/panel-events.service';
import { PanelRealtime } from '../realtime/panel-realtime';
import { WechatBridgeStatus } from './wechat-bridge-status';
import { WechatSettings, WechatSettingsStore } from './wechat-settings';

function setup() {
  const bridge = { healthy: false as boolean | Error, name: 'bot', healthCalls: 0 };
  const client = {
    health: jest.fn(async () => {
      bridge.healthCalls += 1;
      const answer = bridge.healthy; // what the bridge says when asked
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (answer instanceof Error) throw answer;
      return answer;
    }),
    loginState: jest.fn(async () => ({ loggedIn: true, name: bridge.name })),
  } as unknown as WechatWebhookClient;
  let listener: ((settings: WechatSettings) => void) | undefined;
  const settings = {
    read: async () => ({ enabled: true, autoReply: false, loginPublicUrl: null }),
    onChange: (fn: (settings: WechatSettings) => void) => {
      listener = fn;
      return () => undefined;
    },
  } as unknown as WechatSettingsStore;
  const frames: unknown[] = [];
  const realtime = { broadcast: (type: string, data: unknown) => frames.push({ type, data }) } as unknown as PanelRealtime;
  const logged: Array<{ summary: string }> = [];
  const events = { record: async (entry: { summary: string }) => logged.push(entry) } as unknown as PanelEventsService;
  const leadership = { claim: async () => undefined, isLeader: () => true } as unknown as Leadership;
  const status = new WechatBridgeStatus(client, settings, realtime, events, leadership);
  return { status, bridge, frames, logged, setEnabled: (enabled: boolean) => listener?.({ enabled, autoReply: false, loginPublicUrl: null }) };
}

describe('WechatBridgeStatus', () => {
  it('pushes and logs a change once, and nothing while it stays the same', async () => {
    const { status, bridge, frames, logged } = setup();
    expect(await status.refresh()).toEqual({ connected: true, loggedIn: false });
    await status.refresh();
    bridge.healthy = true;
    expect(await status.refresh()).toEqual({ connected: true, loggedIn: true, name: 'bot' });
    await status.refresh();
    expect(frames).toEqual([
      { type: 'wechat-status', data: { connected: true, loggedIn: false } },
      { type: 'wechat-status', data: { connected: true, loggedIn: true, name: 'bot' } },
    ]);
    expect(logged.map((entry) => entry.summary)).toEqual([
      '[WeChat] bridge connected, no account logged in (scan the QR code of the login page)',
      '[WeChat] bridge connected, logged in as bot',
    ]);
  });

  it('reports a bridge that is away as disconnected, with the reason', async () => {
    const { status, bridge } = setup();
    bridge.healthy = true;
    await status.refresh();
    bridge.healthy = new WechatWebhookError('unreachable', 'wechatbot-webhook at http://x is not reachable (ECONNREFUSED)');
    expect(await status.refresh()).toEqual({ connected: false, loggedIn: false });
    expect(status.lastError).toContain('ECONNREFUSED');
    expect(status.snapshot()).toEqual({ connected: false, loggedIn: false });
  });

  it('runs one check at a time; a call made during a check gets the next one', async () => {
    const { status, bridge } = setup();
    const first = status.refresh();
    bridge.healthy = true; // changes while the first check runs
    const [a, b, c] = await Promise.all([first, status.refresh(), status.refresh()]);
    expect(a.loggedIn).toBe(false);
    expect(b).toEqual({ connected: true, loggedIn: true, name: 'bot' });
    expect(c).toEqual(b);
    expect(bridge.healthCalls).toBe(2);
  });

  it('does not ask the bridge while WeChat is disabled, and asks again once it is enabled', async () => {
    const { status, bridge, frames, setEnabled } = setup();
    bridge.healthy = true;
    await status.onApplicationBootstrap();
    try {
      expect(await status.refresh()).toEqual({ connected: true, loggedIn: true, name: 'bot' });
      const calls = bridge.healthCalls;
      setEnabled(false);
      expect(await status.refresh()).toEqual({ connected: false, loggedIn: false });
      expect(status.isEnabled).toBe(false);
      expect(status.lastError).toContain('disabled');
      expect(bridge.healthCalls).toBe(calls);
      setEnabled(true);
      expect(await status.refresh()).toEqual({ connected: true, loggedIn: true, name: 'bot' });
      expect(frames.slice(-2)).toEqual([
        { type: 'wechat-status', data: { connected: false, loggedIn: false } },
        { type: 'wechat-status', data: { connected: true, loggedIn: true, name: 'bot' } },
      ]);
    } finally {
      status.onModuleDestroy();
    }
  });
});
